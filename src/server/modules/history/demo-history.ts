import type { Db } from '../../db/client.ts';
import { generateHistory } from './generate-history.ts';

/**
 * On the demo city's first start: a few months of history, so queues, the command centre and the
 * dashboards have something to show. SHAOBAO_DEMO_HISTORY sets how many orders (0 = none).
 */
export async function seedDemoHistory(db: Db, now: Date): Promise<string | null> {
  const n = Number(process.env.SHAOBAO_DEMO_HISTORY ?? 3000);
  if (!Number.isInteger(n) || n <= 0) return null;
  // Two servers starting at once on a fresh database: the second waits on the lock for the first's
  // history, then finds orders and skips. The lock's transaction touches no table, so the loader's
  // own transactions (and its index drops on big loads) never wait on it.
  return db.transaction(async (lock) => {
    await lock.query('select pg_advisory_xact_lock(727004)');
    if ((await db.query('select 1 from work_orders limit 1')).rows.length) return null;
    const r = await generateHistory(db, { orders: n, months: 3, seed: 'demo', end: now });
    return `Demo history: ${r.orders.toLocaleString('en')} orders over the last 3 months (${r.seconds.toFixed(1)} s).`;
  });
}
