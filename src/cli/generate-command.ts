import { parseArgs } from 'node:util';
import type { Config } from '../server/config.ts';
import { boot } from '../server/boot.ts';
import { generateHistory } from '../server/modules/history/generate-history.ts';
import { progressBar } from '../server/modules/history/history-progress.ts';

export const generateCommand = {
  summary: 'Write realistic history for the demo city: generate --orders N [--months M] [--seed S] [--end YYYY-MM-DD] [--append]',
  usage:
    'generate --orders N [--months M (3)] [--seed S (shaobao)] [--end YYYY-MM-DD (today: the history ends yesterday)] [--append] [--batch B (5000)]\n' +
    '    [--rebuild-indexes | --keep-indexes] (default: indexes are dropped and built again when the load at least doubles the table)\n' +
    '  Refuses a database that already holds work orders unless --append is given.',
  run: async (config: Config, args: string[]): Promise<number> => {
    const { values } = parseArgs({
      args,
      options: {
        orders: { type: 'string' }, months: { type: 'string' }, seed: { type: 'string' }, end: { type: 'string' },
        append: { type: 'boolean' }, batch: { type: 'string' }, 'rebuild-indexes': { type: 'boolean' }, 'keep-indexes': { type: 'boolean' },
      },
    });
    const orders = Number(values.orders);
    const months = values.months === undefined ? 3 : Number(values.months);
    if (!Number.isInteger(orders) || orders < 1) throw new Error('generate needs --orders N (a positive whole number)');
    if (!(months > 0 && months <= 120)) throw new Error('--months must be between 0 and 120');
    if (values.end !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.end)) throw new Error('--end must be a date YYYY-MM-DD');
    const b = await boot(config);
    try {
      const r = await generateHistory(b.db, {
        orders, months, seed: values.seed, append: values.append, batchSize: values.batch ? Number(values.batch) : undefined,
        end: values.end ? new Date(`${values.end}T12:00:00+08:00`) : undefined,
        rebuildIndexes: values['rebuild-indexes'] ? true : values['keep-indexes'] ? false : undefined,
        progress: progressBar('generating'),
        note: (text) => process.stderr.write(`${text}\n`),
      });
      const rows = Object.entries(r.rows).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ');
      console.log(`Generated ${r.orders.toLocaleString('en')} orders (${r.from.toISOString().slice(0, 10)} – ${r.to.toISOString().slice(0, 10)}) in ${r.seconds.toFixed(1)} s: ${Math.round(r.ordersPerSecond).toLocaleString('en')} orders/s.`);
      console.log(`Rows: ${rows}`);
      return 0;
    } finally {
      await b.release();
    }
  },
};
