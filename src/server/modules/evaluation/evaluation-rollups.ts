import type { Queryable } from '../../db/client.ts';
import { PolicyRules, type PolicyKind, type PolicyVersion } from './evaluation-policy.ts';
import { addResults, factsFromEvents, judgeOrder, ASSIGNING_EVENTS, CALLBACK_EVENT, type OrderState, type RollupDelta, type UnitKinds } from './evaluation-judging.ts';
import type { AppealRow, CallbackFactRow, CallbackRow, EventRow, OrderResultRow, PolicyRow } from './evaluation-tables.ts';
import { round } from './evaluation-scoring.ts';
import { lockPlaces, moveKeptCounts } from './kept-counts.ts';

/** Loading what judging needs, and writing facts, results and rollup deltas for a set of orders. */

export async function loadPolicies(q: Queryable): Promise<PolicyVersion[]> {
  const rows = (await q.query<PolicyRow>('select * from evaluation_policies order by unit_kind, valid_from')).rows;
  return rows.map((r) => ({
    id: r.id,
    unitKind: r.unit_kind as PolicyKind,
    version: r.version,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    rules: PolicyRules.parse(r.rules),
  }));
}

export async function loadUnitKinds(q: Queryable): Promise<UnitKinds> {
  const rows = (await q.query<{ id: number; kind: string }>(`select id, kind from units where kind in ('district','street','township','department','enterprise')`)).rows;
  return new Map(rows.map((r) => [r.id, r.kind]));
}

export type Judged = { facts: CallbackFactRow[]; results: OrderResultRow[] };

/** The events judging reads: who was assigned, and the callbacks. */
export const JUDGED_EVENTS = [...ASSIGNING_EVENTS, CALLBACK_EVENT];

/** Facts and results of the given orders, computed afresh from the event log, callbacks and appeals. */
export async function judgeOrders(q: Queryable, orderIds: number[], versions: PolicyVersion[], kinds: UnitKinds, read?: EventRow[]): Promise<Judged> {
  if (!orderIds.length) return { facts: [], results: [] };
  // One after another: inside a transaction the queries share one connection.
  const orders = await q.query<OrderState>('select id, status, excluded, merged_into_id from work_orders where id = any($1::bigint[])', [orderIds]);
  // `read`: the orders' judged events (JUDGED_EVENTS), each order's in log order, already read by the caller
  const events = read
    ? { rows: read }
    : await q.query<EventRow>(`select id, order_id, type, at, data from work_order_events where order_id = any($1::bigint[]) and type = any($2::text[]) order by id`, [
        orderIds,
        JUDGED_EVENTS,
      ]);
  const callbacks = await q.query<CallbackRow>(
    'select id, order_id, round, valid, contacted, solved, satisfaction, at from callbacks where order_id = any($1::bigint[])',
    [orderIds],
  );
  const appeals = await q.query<AppealRow>(`select * from evaluation_appeals where order_id = any($1::bigint[]) and status = 'approved'`, [orderIds]);
  const by = <T extends { order_id: number }>(rows: T[]) => {
    const m = new Map<number, T[]>();
    for (const r of rows) {
      const list = m.get(r.order_id);
      if (list) list.push(r);
      else m.set(r.order_id, [r]);
    }
    return m;
  };
  const ev = by(events.rows);
  const cb = by(callbacks.rows);
  const ap = by(appeals.rows);
  const facts: CallbackFactRow[] = [];
  const results: OrderResultRow[] = [];
  for (const o of orders.rows) {
    const f = factsFromEvents(ev.get(o.id) ?? [], cb.get(o.id) ?? []);
    facts.push(...f);
    results.push(...judgeOrder(o, f, ap.get(o.id) ?? [], versions, kinds));
  }
  return { facts, results };
}

/** Replaces the stored facts and results of the orders and moves the rollups by the difference. */
export async function rejudgeOrders(tx: Queryable, orderIds: number[], versions: PolicyVersion[], kinds: UnitKinds): Promise<void> {
  if (!orderIds.length) return;
  await lockPlaces(tx, orderIds);
  const judged = await judgeOrders(tx, orderIds, versions, kinds);
  const old = (await tx.query<OrderResultRow>('delete from evaluation_order_results where order_id = any($1::bigint[]) returning *', [orderIds])).rows;
  await tx.query('delete from evaluation_callback_facts where order_id = any($1::bigint[])', [orderIds]);
  await writeJudged(tx, judged, old);
}

/** Stores judged facts and results, and moves the rollups by them less the results they replace. */
export async function writeJudged(tx: Queryable, { facts, results }: Judged, replaced: OrderResultRow[] = []): Promise<void> {
  if (facts.length) {
    await tx.query(
      `insert into evaluation_callback_facts
       select * from jsonb_populate_recordset(null::evaluation_callback_facts, $1::jsonb)`,
      [JSON.stringify(facts)],
    );
  }
  if (results.length) {
    await tx.query(
      `insert into evaluation_order_results
       select * from jsonb_populate_recordset(null::evaluation_order_results, $1::jsonb)`,
      [JSON.stringify(results)],
    );
  }
  await applyDeltas(tx, addResults(addResults(new Map(), replaced, -1), results, 1));
  await moveKeptCounts(tx, replaced, results);
}

async function applyDeltas(tx: Queryable, delta: Map<string, RollupDelta>): Promise<void> {
  const rows = [...delta.entries()]
    .map(([key, d]) => {
      const [period, unit] = key.split('|');
      return {
        period,
        unit_id: Number(unit),
        valid_callbacks: round(d.validCallbacks, 4),
        contacted: round(d.contacted, 4),
        solved: round(d.solved, 4),
        satisfied: round(d.satisfied, 4),
        basically_satisfied: round(d.basicallySatisfied, 4),
      };
    })
    .filter((r) => r.valid_callbacks || r.contacted || r.solved || r.satisfied || r.basically_satisfied);
  if (!rows.length) return;
  // Sorted so two writers touching the same unit-periods lock them in one order.
  rows.sort((a, b) => a.period.localeCompare(b.period) || a.unit_id - b.unit_id);
  await tx.query(
    `insert into evaluation_rollups as r (period, unit_id, valid_callbacks, contacted, solved, satisfied, basically_satisfied)
     select period, unit_id, valid_callbacks, contacted, solved, satisfied, basically_satisfied
       from jsonb_populate_recordset(null::evaluation_rollups, $1::jsonb)
     on conflict (period, unit_id) do update set
       valid_callbacks = r.valid_callbacks + excluded.valid_callbacks,
       contacted = r.contacted + excluded.contacted,
       solved = r.solved + excluded.solved,
       satisfied = r.satisfied + excluded.satisfied,
       basically_satisfied = r.basically_satisfied + excluded.basically_satisfied`,
    [JSON.stringify(rows)],
  );
}
