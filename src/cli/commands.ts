import { parseArgs } from 'node:util';
import type { Config } from '../server/config.ts';
import { boot } from '../server/boot.ts';
import { serveCommand } from '../server/main.ts';
import { formatDemoAccounts } from '../server/db/seed/demo-banner.ts';
import { createUser, resetPassword, UserInput } from '../server/modules/org/user-commands.ts';
import { sweepAll } from '../server/modules/deadlines/deadline-sweep.ts';
import { silentLogger } from '../server/lib/ctx.ts';
import { validationError } from '../server/http/http-errors.ts';
import { docsFromCsv, evaluateCategoryModel, retrainFromOrders, trainCategoryModel } from '../server/modules/routing/classify/train-classifier.ts';
import { listModels } from '../server/modules/routing/classify/classifier-store.ts';
import { backupCommand, restoreCommand } from './backup-commands.ts';
import { generateCommand } from './generate-command.ts';
import { evaluationCommand } from './evaluation-command.ts';
import fs from 'node:fs';
import path from 'node:path';

// The command line has no signed-in actor; the security log records it as the operator's.
const CLI_AUDIT = () => ({ at: new Date(), actorId: null, ip: 'cli' });

type Command = { summary: string; usage: string; run(config: Config, args: string[]): Promise<number> };

/** Runs fn on the configured database (created and migrated if new), then releases it. */
async function withDb<T>(config: Config, fn: (b: Awaited<ReturnType<typeof boot>>) => Promise<T>, seed = false): Promise<T> {
  const b = await boot(config, { seed });
  try {
    return await fn(b);
  } finally {
    await b.release();
  }
}

export const COMMANDS: Record<string, Command> = {
  serve: {
    summary: 'Start the API, console, portal and deadline sweeper (seeds the demo city on first start)',
    usage: 'serve',
    run: async (config) => {
      await serveCommand(config);
      return -1;
    },
  },
  migrate: {
    summary: 'Create the database if needed and apply pending migrations',
    usage: 'migrate',
    run: (config) =>
      withDb(config, async (b) => {
        console.log(b.applied.length ? `Applied: ${b.applied.join(', ')}` : 'Database is up to date.');
        return 0;
      }),
  },
  seed: {
    summary: 'Load reference data and the demo city (idempotent)',
    usage: 'seed',
    run: (config) =>
      withDb(
        config,
        async (b) => {
          if (config.SHAOBAO_SEED === 'none') console.log('SHAOBAO_SEED=none: reference data only.');
          else if (b.accounts.length) console.log(`Demo city seeded. ${formatDemoAccounts(b.accounts)}`);
          else console.log('Demo city already present; nothing to do.');
          return 0;
        },
        true,
      ),
  },
  users: {
    summary: 'Manage staff accounts: users create|reset|list',
    usage:
      'users create --username NAME --name DISPLAY [--password PW] [--role ROLE@UNITCODE ...] [--citizen]\n' +
      '  users reset --username NAME [--password PW]\n  users list',
    run: async (config, args) => {
      const [sub, ...rest] = args;
      const { values } = parseArgs({
        args: rest,
        options: {
          username: { type: 'string' },
          name: { type: 'string' },
          password: { type: 'string' },
          role: { type: 'string', multiple: true },
          citizen: { type: 'boolean' },
        },
      });
      return withDb(config, async ({ db }) => {
        if (sub === 'list') {
          const rows = await db.query<{ username: string; display_name: string; roles: string | null }>(
            `select u.username, u.display_name, string_agg(r.role || coalesce('@' || un.code, ''), ', ') as roles
             from users u left join user_roles r on r.user_id = u.id left join units un on un.id = r.unit_id
             group by u.id order by u.username`,
          );
          for (const r of rows.rows) console.log(`${r.username.padEnd(14)} ${r.display_name}  [${r.roles ?? ''}]`);
          return 0;
        }
        if (sub === 'create') {
          const parsed = UserInput.safeParse({
            username: values.username,
            displayName: values.name ?? values.username,
            password: values.password,
            kind: values.citizen ? 'citizen' : 'staff',
            roles: (values.role ?? []).map((r) => {
              const [role, unitCode] = r.split('@');
              return { role, unitCode: unitCode || null };
            }),
          });
          if (!parsed.success) throw validationError(parsed.error.issues);
          const u = await createUser(db, parsed.data, CLI_AUDIT());
          console.log(`Created ${u.username} (id ${u.id}); password: ${u.password}`);
          return 0;
        }
        if (sub === 'reset') {
          if (!values.username) throw new Error('users reset needs --username');
          const u = await resetPassword(db, values.username, values.password, CLI_AUDIT());
          console.log(`Password of ${u.username} reset; new password: ${u.password}`);
          return 0;
        }
        console.error(`Usage: shaobao ${COMMANDS.users.usage}`);
        return 2;
      });
    },
  },
  classifier: {
    summary: 'Category classifier: classifier train --csv FILE | evaluate --csv FILE | retrain | list',
    usage:
      'classifier train --csv FILE      train from a CSV with columns label and text (others ignored); the new version becomes active\n' +
      '  classifier evaluate --csv FILE   one line of JSON {n, accuracy, macroF1, perClass} for the active model\n' +
      '  classifier retrain               train from dispatched orders (their accepted or corrected categories)\n' +
      '  classifier list                  model versions',
    run: async (config, args) => {
      const [sub, ...rest] = args;
      const { values } = parseArgs({ args: rest, options: { csv: { type: 'string' } } });
      const readCsv = () => {
        if (!values.csv) throw new Error(`classifier ${sub} needs --csv FILE`);
        const file = path.resolve(values.csv);
        if (!fs.existsSync(file)) throw new Error(`No such file: ${file}`);
        return docsFromCsv(fs.readFileSync(file, 'utf8'));
      };
      return withDb(config, async ({ db }) => {
        if (sub === 'train') {
          const m = await trainCategoryModel(db, readCsv(), `csv:${path.basename(values.csv!)}`, new Date());
          console.log(`Trained category model version ${m.version} on ${m.n} texts (${Object.keys(m.metrics.classes as object).length} classes) in ${m.metrics.trainSeconds} s; it is now active.`);
          return 0;
        }
        if (sub === 'evaluate') {
          const e = await evaluateCategoryModel(db, readCsv());
          console.log(JSON.stringify({ n: e.n, accuracy: e.accuracy, macroF1: e.macroF1, perClass: e.perClass }));
          return 0;
        }
        if (sub === 'retrain') {
          const m = await retrainFromOrders(db, new Date());
          console.log(`Trained category model version ${m.version} on ${m.n} dispatched orders; it is now active.`);
          return 0;
        }
        if (sub === 'list') {
          for (const m of await listModels(db)) console.log(`${m.task.padEnd(13)} v${m.version}${m.active ? ' (active)' : ''}  ${m.n} texts  ${m.source}  ${m.trainedAt.toISOString()}`);
          return 0;
        }
        console.error(`Usage: shaobao ${COMMANDS.classifier.usage}`);
        return 2;
      });
    },
  },
  backup: {
    summary: 'Write a backup of the database (pg_dump custom format): backup --out FILE',
    usage: 'backup --out FILE',
    run: (config, args) => {
      const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
      if (!values.out) throw new Error('backup needs --out FILE');
      return backupCommand(config, values.out);
    },
  },
  restore: {
    summary: 'Replace the database with a backup (servers stopped): restore --in FILE',
    usage: 'restore --in FILE',
    run: (config, args) => {
      const { values } = parseArgs({ args, options: { in: { type: 'string' } } });
      if (!values.in) throw new Error('restore needs --in FILE');
      return restoreCommand(config, values.in);
    },
  },
  sweep: {
    summary: 'Fire every deadline that is due now, in batches until none is left (the server also does this on a timer)',
    usage: 'sweep',
    run: (config) =>
      withDb(config, async ({ db }) => {
        // Drains everything due; what is still due afterwards (held by a running server's sweep at
        // that moment, or of a kind with no handler) is reported rather than hidden.
        const r = await sweepAll({ db, actor: null, now: () => new Date(), log: silentLogger });
        console.log(JSON.stringify(r));
        if (r.stillDue) console.error(`${r.stillDue} due timer(s) were not fired by this run (held by another sweeper or of an unhandled kind).`);
        return 0;
      }),
  },
  evaluation: evaluationCommand,
};

COMMANDS.generate = generateCommand;

export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(9)} ${c.summary}`);
  return `Usage: shaobao <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nEnvironment: PORT (3000), SHAOBAO_DATA_DIR (./data), DATABASE_URL (unset = the embedded PostgreSQL in SHAOBAO_DATA_DIR)`;
}
