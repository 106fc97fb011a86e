import { parseArgs } from 'node:util';
import type { Config } from '../server/config.ts';
import { boot } from '../server/boot.ts';
import { silentLogger } from '../server/lib/ctx.ts';
import { recomputeEvaluation } from '../server/modules/evaluation/evaluation-recompute.ts';
import { SYSTEM_ACTOR } from '../server/modules/deadlines/deadline-sweep.ts';

/** `evaluation recompute [--period YYYY-MM] [--check]`: rebuilds the rollups from the event log and reports what differed. */
export const evaluationCommand = {
  summary: 'Evaluation: evaluation recompute [--period YYYY-MM] [--check] (rebuild rollups from the event log, report differences)',
  usage: 'evaluation recompute [--period YYYY-MM] [--check]   --check reports differences without replacing the rollups',
  run: async (config: Config, args: string[]): Promise<number> => {
    const [sub, ...rest] = args;
    const { values } = parseArgs({ args: rest, options: { period: { type: 'string' }, check: { type: 'boolean' } } });
    if (sub !== 'recompute' || (values.period && !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.period))) {
      console.error(`Usage: shaobao ${evaluationCommand.usage}`);
      return 2;
    }
    const b = await boot(config, { seed: false });
    try {
      const ctx = { db: b.db, actor: SYSTEM_ACTOR, now: () => new Date(), log: silentLogger };
      const r = await recomputeEvaluation(ctx, { period: values.period, apply: !values.check });
      for (const d of r.differences.slice(0, 50)) console.log(`${d.table} ${d.key}: stored ${JSON.stringify(d.stored)} recomputed ${JSON.stringify(d.recomputed)}`);
      if (r.differences.length > 50) console.log(`… and ${r.differences.length - 50} more`);
      console.log(JSON.stringify({ orders: r.orders, results: r.results, rollups: r.rollups, differences: r.differences.length, applied: r.applied }));
      return r.differences.length && values.check ? 1 : 0;
    } finally {
      await b.release();
    }
  },
};
