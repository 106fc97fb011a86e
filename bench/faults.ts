/**
 * Fault harness: intake over HTTP from workers that retry with the same Idempotency-Key, while the
 * server is SIGKILLed at random moments and restarted, and PostgreSQL itself is killed under load.
 * Afterwards, in SQL: every acknowledged order is present exactly once with its code and marker,
 * with its first event, its two dispatch deadlines and its idempotency row. Loopback only, bounded.
 *   npx tsx bench/faults.ts [--db embedded|server|both] [--kills 10] [--pg-kills 3] [--workers 16] [--gap 1.5-6]
 *   npx tsx bench/faults.ts --rolling N [--rounds 1] [--workers 16] [--gap 1.5-6]   (faults-rolling.ts)
 * Prints a table and, last, one line of JSON; exits 1 if anything was lost or duplicated.
 */
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { clusterDir, clusterUrl, stopCluster } from '../src/server/db/embedded-cluster.ts';
import { EMBEDDED_DATABASE } from '../src/server/db/open.ts';
import { firstStreetId, freePort, intakeBody, login, printedPassword, spawnServer, tempDataDir, type ServerProcess } from '../test/support/server-process.ts';
import { startPostgres } from './support.ts';
import { DueTimers, verifyAcks, type Ack } from './faults-verify.ts';
import { runRolling } from './faults-rolling.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    kills: { type: 'string', default: '10' },
    'pg-kills': { type: 'string', default: '3' },
    workers: { type: 'string', default: '16' },
    gap: { type: 'string', default: '1.5-6' },
    rolling: { type: 'string' },
    rounds: { type: 'string', default: '1' },
  },
});
const [gapMin, gapMax] = values.gap!.split('-').map(Number);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = (a: number, b: number) => a + Math.random() * (b - a);

type Target = { label: string; env: Record<string, string>; dbUrl: string; postmasterPidFile: string; restartPostgres?: () => void; cleanup: () => Promise<void> };

async function runOn(t: Target) {
  const port = await freePort();
  const tag = crypto.randomBytes(3).toString('hex');
  // A fast sweep, so that timers made due just before a kill are being fired when it lands.
  const env = { ...t.env, SHAOBAO_SEED: 'demo', SHAOBAO_SWEEP_MS: '300' };
  let server: ServerProcess = await spawnServer(env, port);
  await server.ready();
  const agent = await login(server.url, 'agent', printedPassword(server.output(), 'agent'));
  const streetId = await firstStreetId(server.url, agent);
  const acks: Ack[] = [];
  const failures: Record<string, number> = {};
  let stopping = false;
  let n = 0;

  async function job(): Promise<void> {
    const marker = `MK${tag}x${n++}x${crypto.randomBytes(3).toString('hex')}`;
    const key = crypto.randomUUID();
    const body = JSON.stringify(intakeBody(streetId, marker));
    for (;;) {
      try {
        const r = await fetch(`${server.url}/api/work-orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${agent}`, 'idempotency-key': key },
          body,
          signal: AbortSignal.timeout(15_000),
        });
        const j = (await r.json()) as { id?: number; code?: string };
        if ((r.status === 201 || r.status === 200) && j.id) {
          acks.push({ id: j.id, code: j.code!, marker, replayed: r.status === 200 });
          return;
        }
        const k = `HTTP ${r.status} ${j.code ?? ''}`.trim();
        failures[k] = (failures[k] ?? 0) + 1;
      } catch (e) {
        const k = ((e as Error).cause as { code?: string })?.code ?? (e as Error).name;
        failures[k] = (failures[k] ?? 0) + 1;
      }
      await sleep(between(150, 300));
    }
  }
  const workers = Array.from({ length: Number(values.workers) }, async () => {
    while (!stopping) await job();
  });

  const restarts: number[] = [];
  const timers = new DueTimers(t.dbUrl);
  for (let i = 0; i < Number(values.kills); i++) {
    await sleep(between(gapMin, gapMax) * 1000);
    await timers.makeDue(acks);
    await sleep(between(0, 400));
    server.child.kill('SIGKILL');
    await server.exited;
    const t0 = Date.now();
    server = await spawnServer(env, port);
    await server.ready();
    restarts.push(Date.now() - t0);
  }
  const outageFailures: Record<string, number> = {};
  const pgRestarts: number[] = [];
  for (let i = 0; i < Number(values['pg-kills']); i++) {
    await sleep(between(gapMin, gapMax) * 1000);
    const before = { ...failures };
    const pid = Number(fs.readFileSync(t.postmasterPidFile, 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    const t0 = Date.now();
    t.restartPostgres?.(); // a server's own manager restarts it; the embedded one is restarted by the Shaobao server
    await server.ready(120_000);
    pgRestarts.push(Date.now() - t0);
    await sleep(1000);
    for (const [k, v] of Object.entries(failures)) if (v - (before[k] ?? 0) > 0) outageFailures[k] = (outageFailures[k] ?? 0) + v - (before[k] ?? 0);
  }
  await sleep(1000);
  stopping = true;
  await Promise.all(workers);
  const timerCheck = await timers.verify();
  server.child.kill('SIGTERM');
  await server.exited;
  const check = await verifyAcks(t.dbUrl, tag, acks, t.restartPostgres ? undefined : t.env.SHAOBAO_DATA_DIR);
  await t.cleanup();
  const ms = (xs: number[]) => (xs.length ? { min: Math.min(...xs), median: [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)], max: Math.max(...xs) } : null);
  return { label: t.label, kills: restarts.length, pgKills: pgRestarts.length, acknowledged: acks.length, replayed: acks.filter((a) => a.replayed).length, ...check, ...timerCheck, restartMs: ms(restarts), pgRecoveryMs: ms(pgRestarts), failedAttempts: failures, failedDuringPgOutages: outageFailures };
}

async function embedded(): Promise<Target> {
  const dataDir = tempDataDir('shaobao-faults-');
  return {
    label: 'embedded PostgreSQL',
    env: { SHAOBAO_DATA_DIR: dataDir, DATABASE_URL: '' },
    dbUrl: clusterUrl(dataDir, EMBEDDED_DATABASE),
    postmasterPidFile: path.join(clusterDir(dataDir), 'postmaster.pid'),
    cleanup: async () => {
      await stopCluster(dataDir);
      fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
    },
  };
}

/**
 * scripts/pg-server.sh starts the server with its port, socket directory and durability on the
 * command line, which a plain `pg_ctl start` after a crash does not repeat: the server came back on
 * the default port, and the app met ECONNREFUSED on its own until the harness gave up. Writing the
 * settings in force into postgresql.auto.conf makes any later start the same server.
 */
const PINNED = ['port', 'listen_addresses', 'unix_socket_directories', 'fsync', 'synchronous_commit', 'full_page_writes', 'max_connections'];
async function pinSettings(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const name of PINNED) {
      const v = (await c.query<{ setting: string }>('select setting from pg_settings where name = $1', [name])).rows[0].setting;
      await c.query(`alter system set ${name} = '${v.replaceAll("'", "''")}'`);
    }
  } finally {
    await c.end();
  }
}

async function server(): Promise<Target | null> {
  const pgs = await startPostgres({ durable: true });
  if (!pgs) return null;
  await pinSettings(pgs.url);
  const ctl = (...args: string[]) => execFileSync('bash', ['-c', `${process.getuid?.() === 0 ? 'runuser -u postgres -- ' : ''}"$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)/pg_ctl" -D ${pgs.dir}/data ${args.join(' ')}`], { stdio: 'ignore' });
  return {
    label: 'PostgreSQL server (fsync, synchronous_commit on)',
    env: { DATABASE_URL: pgs.url },
    dbUrl: pgs.url,
    postmasterPidFile: path.join(pgs.dir, 'data', 'postmaster.pid'),
    // Backends of the killed postmaster hold its shared memory for a moment: retry the start.
    restartPostgres: () => {
      for (let i = 0; ; i++) {
        try {
          return ctl('-l', `${pgs.dir}/server.log`, '-w', 'start');
        } catch (e) {
          if (i >= 20) throw e;
          execFileSync('sleep', ['0.5']);
        }
      }
    },
    cleanup: async () => pgs.stop(),
  };
}

if (values.rolling) {
  const r = await runRolling({ processes: Number(values.rolling), rounds: Number(values.rounds), workers: Number(values.workers), gap: [gapMin, gapMax] });
  if (!r) console.log('PostgreSQL server binaries not found: rolling restart skipped.');
  else {
    console.log('\nprocesses  restarts  requests  acknowledged  failed  present  lost  duplicated  sessions valid (before/after)  restart ms (min/max)');
    console.log(`${String(r.processes).padStart(9)} ${String(r.restarts).padStart(9)} ${String(r.requests).padStart(9)} ${String(r.acknowledged).padStart(13)} ${String(r.failed).padStart(7)} ${String(r.present).padStart(8)} ${String(r.lost).padStart(5)} ${String(r.duplicated).padStart(11)}   ${r.sessionValid.before} / ${r.sessionValid.after}   ${Math.min(...r.restartMs)}/${Math.max(...r.restartMs)}`);
    console.log(`  failures: ${JSON.stringify(r.failures)}; balancer: ${JSON.stringify(r.balancer)}`);
  }
  const bad = !r || r.failed || r.lost || r.duplicated || r.eventLogDefects || r.sessionValid.after !== `${r.processes}/${r.processes}`;
  console.log(JSON.stringify({ bench: 'faults-rolling', ok: !bad, result: r }));
  process.exit(bad ? 1 : 0);
}

const results = [];
if (values.db === 'embedded' || values.db === 'both') results.push(await runOn(await embedded()));
if (values.db === 'server' || values.db === 'both') {
  const s = await server();
  if (s) results.push(await runOn(s));
  else console.log('PostgreSQL server binaries not found: server run skipped.');
}
console.log('\ndatabase                                          kills  pg kills  acknowledged  present  lost  duplicated  event-log defects  restart ms (min/median/max)');
for (const r of results) {
  const rs = r.restartMs ? `${r.restartMs.min}/${r.restartMs.median}/${r.restartMs.max}` : '-';
  console.log(`${r.label.padEnd(48)} ${String(r.kills).padStart(6)} ${String(r.pgKills).padStart(9)} ${String(r.acknowledged).padStart(13)} ${String(r.present).padStart(8)} ${String(r.lost).padStart(5)} ${String(r.duplicated).padStart(11)} ${String(r.eventLogDefects).padStart(18)}   ${rs}`);
  console.log(`  timers made due before kills: ${r.timersMadeDue}, unfired ${r.timersUnfired}, not fired exactly once ${r.timersNotOnce}`);
  console.log(`  failed attempts: ${JSON.stringify(r.failedAttempts)}; during PostgreSQL outages: ${JSON.stringify(r.failedDuringPgOutages)}; PostgreSQL kill → ready ms: ${JSON.stringify(r.pgRecoveryMs)}`);
}
const bad = results.some((r) => r.lost || r.duplicated || r.unacknowledgedPresent || r.eventLogDefects || r.duplicateCodes || r.timersUnfired || r.timersNotOnce);
console.log(JSON.stringify({ bench: 'faults', ok: !bad, results }));
process.exitCode = bad ? 1 : 0;
