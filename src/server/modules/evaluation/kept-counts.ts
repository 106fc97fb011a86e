import type { Queryable } from '../../db/client.ts';
import type { OrderResultRow } from './evaluation-tables.ts';

/**
 * The results side of the kept counts (migration 0032): when an order's results are rewritten,
 * the counts move from what its old results counted for to what the new ones do, at the order's
 * kept place. The place side is kept by the trigger on work_orders (`evaluation_places_sync`).
 */

/**
 * Locks the orders' kept places before their results are read: a change of place in a concurrent
 * work-order transaction then waits for this one (or this for it) and counts from what it committed.
 */
export async function lockPlaces(tx: Queryable, orderIds: number[]): Promise<void> {
  await tx.query('select 1 from evaluation_order_places where order_id = any($1::bigint[]) order by order_id for update', [orderIds]);
}

export async function moveKeptCounts(tx: Queryable, replaced: OrderResultRow[], results: OrderResultRow[]): Promise<void> {
  if (!replaced.length && !results.length) return;
  const ids = [...new Set([...replaced, ...results].map((r) => Number(r.order_id)))];
  await tx.query(
    `select evaluation_kept_apply(p.places, array(select r from jsonb_populate_recordset(null::evaluation_order_results, $2::jsonb) r),
                                  p.places, array(select r from jsonb_populate_recordset(null::evaluation_order_results, $3::jsonb) r))
       from (select array(select x from evaluation_order_places x where x.order_id = any($1::bigint[])) as places) p`,
    [ids, JSON.stringify(replaced), JSON.stringify(results)],
  );
}

/** Fills the kept places and counts from work_orders and the stored results (after a bulk load). */
export async function refillKeptCounts(tx: Queryable): Promise<void> {
  await tx.query('select evaluation_kept_refill()');
}
