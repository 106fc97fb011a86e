import type { Db, Queryable } from '../../db/client.ts';
import type { OrderResultRow } from './evaluation-tables.ts';

/**
 * The results side of the kept counts (migration 0032): when an order's results are rewritten,
 * the counts move from what its old results counted for to what the new ones do, at the order's
 * kept place. The place side is restated by the evaluation consumer for every order an event touches
 * (`syncPlaces`, `evaluation_places_sync`), never in the work-orders module's own transactions.
 */

/** Restates the kept places of orders from work_orders; only those whose place changed move the counts. */
export async function syncPlaces(tx: Queryable, orderIds: number[]): Promise<void> {
  if (orderIds.length) await tx.query('select evaluation_places_sync($1::bigint[])', [orderIds]);
}

/**
 * Locks the orders' kept places before their results are read, so a concurrent restatement of the
 * places (a history append) and this never count one order from two stale pictures.
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

type KeptDifference = { table: 'kept'; key: string; stored: unknown; recomputed: unknown };

// Each kept table against the same figures scanned from work_orders and evaluation_order_results,
// written out independently of the kept side's functions.
const PLACES = `cross join lateral (values ('district', o.district_id, 0), ('district_street', o.district_id, coalesce(o.street_id, 0)),
                                          ('street', o.street_id, 0), ('lead', o.lead_unit_id, 0)) as k(place, unit_id, street_id)`;
const CHECKS: { name: string; kept: string; scan: string }[] = [
  {
    name: 'volume',
    kept: `select place, unit_id, day::text, street_id, category, n, repeats from evaluation_volume_daily where n <> 0 or repeats <> 0`,
    scan: `select k.place, k.unit_id, ((o.received_at at time zone 'Asia/Shanghai')::date)::text as day, k.street_id, coalesce(o.category, '') as category, count(*) as n,
                  count(*) filter (where o.requester_phone is not null and exists (
                    select 1 from work_orders p where p.requester_phone = o.requester_phone and p.id <> o.id and p.category is not distinct from o.category
                       and p.received_at < o.received_at and p.received_at >= o.received_at - interval '30 days')) as repeats
             from work_orders o ${PLACES} where k.unit_id is not null group by 1, 2, 3, 4, 5`,
  },
  {
    name: 'dimension results',
    kept: `select place, unit_id, period, street_id, category, valid_callbacks, contacted, solved, satisfied, basically_satisfied
             from evaluation_dim_results where valid_callbacks <> 0 or contacted <> 0 or solved <> 0 or satisfied <> 0 or basically_satisfied <> 0`,
    scan: `select k.place, k.unit_id, r.period, k.street_id, o.category, count(*) as n, count(*) filter (where r.contacted) as c, count(*) filter (where r.solved) as so,
                  count(*) filter (where r.satisfaction = 'satisfied') as sa, count(*) filter (where r.satisfaction = 'basically_satisfied') as ba
             from (select distinct on (period, order_id) period, order_id, contacted, solved, satisfaction
                     from evaluation_order_results where weight > 0 order by period, order_id, weight desc, callback_id desc) r
             join work_orders o on o.id = r.order_id and o.category is not null ${PLACES}
            where k.unit_id is not null group by 1, 2, 3, 4, 5`,
  },
  {
    name: 'category results',
    kept: `select unit_id, period, code, weight, solved, satisfied, basically_satisfied
             from evaluation_category_results where weight <> 0 or solved <> 0 or satisfied <> 0 or basically_satisfied <> 0`,
    scan: `select r.unit_id, r.period, left(o.category, 5) as code, sum(r.weight) as w, coalesce(sum(r.weight) filter (where r.solved), 0) as so,
                  coalesce(sum(r.weight) filter (where r.satisfaction = 'satisfied'), 0) as sa,
                  coalesce(sum(r.weight) filter (where r.satisfaction = 'basically_satisfied'), 0) as ba
             from evaluation_order_results r join work_orders o on o.id = r.order_id
            where r.weight > 0 and o.category is not null group by 1, 2, 3`,
  },
];

/** Where the kept counts differ from a scan of what they count (the whole history: an offline check). */
export async function keptDifferences(tx: Queryable): Promise<KeptDifference[]> {
  const out: KeptDifference[] = [];
  const keyed = async (sql: string, keys: number) => {
    // the columns in select order (each query names them apart)
    const rows = (await tx.query<Record<string, unknown>>(sql)).rows.map((r) => Object.values(r));
    return new Map(rows.map((r) => [r.slice(0, keys).join('|'), JSON.stringify(r.slice(keys).map((x) => Math.round(Number(x) * 10_000) / 10_000))]));
  };
  for (const c of CHECKS) {
    const keys = c.name === 'category results' ? 3 : 5;
    const kept = await keyed(c.kept, keys);
    const scan = await keyed(c.scan, keys);
    for (const key of new Set([...kept.keys(), ...scan.keys()])) {
      if (kept.get(key) !== scan.get(key)) out.push({ table: 'kept', key: `${c.name}|${key}`, stored: kept.get(key) ?? null, recomputed: scan.get(key) ?? null });
    }
  }
  return out;
}

/**
 * Restates the places of a range of orders appended to a live history (no refill follows), in
 * chunks: the consumer would also restate them from their events, one batch of events at a time.
 */
export async function syncKeptPlaces(db: Db, fromId: number, toId: number, chunk = 10_000): Promise<void> {
  for (let lo = fromId; lo <= toId; lo += chunk) {
    await db.query('select evaluation_places_sync(array(select id from work_orders where id between $1 and $2))', [lo, Math.min(toId, lo + chunk - 1)]);
  }
}
