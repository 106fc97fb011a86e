import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { addResults, type RollupDelta } from './evaluation-judging.ts';
import { consumeIn, lockCheckpoint } from './evaluation-consumer.ts';
import { loadPolicies, loadUnitKinds, judgeOrders, rejudgeOrders } from './evaluation-rollups.ts';
import { periodBounds, POLICY_KINDS, type PolicyVersion } from './evaluation-policy.ts';
import type { OrderResultRow, RollupRow } from './evaluation-tables.ts';
import { round } from './evaluation-scoring.ts';
import { keptDifferences, refillKeptCounts } from './kept-counts.ts';

export type Difference = { table: 'results' | 'rollups' | 'kept'; key: string; stored: unknown; recomputed: unknown };
export type RecomputeReport = { orders: number; results: number; rollups: number; differences: Difference[]; applied: boolean };

const BATCH = 500;

/**
 * Recomputes the evaluation from the event log alone and compares it with what the consumer
 * built: per order result and per unit-period rollup. With `apply` the recomputation replaces the
 * stored figures. Holds the checkpoint lock throughout, after reading the log to its end, so the
 * comparison is of two pictures of the same events.
 */
export async function recomputeEvaluation(ctx: Ctx, opts: { period?: string; apply?: boolean } = {}): Promise<RecomputeReport> {
  return ctx.db.transaction(async (tx) => {
    for (let i = 0; i < 1000; i++) {
      const r = await consumeIn(tx, ctx, await lockCheckpoint(tx));
      if (!r.events) break;
    }
    const versions = await loadPolicies(tx);
    const kinds = await loadUnitKinds(tx);
    const orderIds = await ordersToJudge(tx, versions, opts.period);
    const inScope = (period: string) => !opts.period || period === opts.period;
    const differences: Difference[] = [];
    const sums = new Map<string, RollupDelta>();
    const toFix: number[] = [];
    let results = 0;
    for (let i = 0; i < orderIds.length; i += BATCH) {
      const batch = orderIds.slice(i, i + BATCH);
      const fresh = (await judgeOrders(tx, batch, versions, kinds)).results.filter((r) => inScope(r.period));
      const stored = (await tx.query<OrderResultRow>('select * from evaluation_order_results where order_id = any($1::bigint[])', [batch])).rows.filter((r) =>
        inScope(r.period),
      );
      results += fresh.length;
      addResults(sums, fresh);
      const a = new Map(fresh.map((r) => [resultKey(r), resultValue(r)]));
      const b = new Map(stored.map((r) => [resultKey(r), resultValue(r)]));
      for (const key of new Set([...a.keys(), ...b.keys()])) {
        if (a.get(key) === b.get(key)) continue;
        differences.push({ table: 'results', key, stored: b.get(key) ?? null, recomputed: a.get(key) ?? null });
        toFix.push(Number(key.split('|')[2]));
      }
    }
    const storedRollups = (
      await tx.query<RollupRow>('select * from evaluation_rollups where ($1::text is null or period = $1)', [opts.period ?? null])
    ).rows;
    const fresh = new Map([...sums].map(([k, d]) => [k, rollupValue(d.validCallbacks, d.contacted, d.solved, d.satisfied, d.basicallySatisfied)]));
    const kept = new Map(storedRollups.map((r) => [`${r.period}|${r.unit_id}`, rollupValue(r.valid_callbacks, r.contacted, r.solved, r.satisfied, r.basically_satisfied)]));
    const empty = rollupValue(0, 0, 0, 0, 0);
    for (const key of new Set([...fresh.keys(), ...kept.keys()])) {
      const x = fresh.get(key) ?? empty;
      const y = kept.get(key) ?? empty;
      if (x !== y) differences.push({ table: 'rollups', key, stored: y, recomputed: x });
    }
    if (opts.apply && differences.length) {
      await rejudgeOrders(tx, [...new Set(toFix)], versions, kinds);
      await replaceRollups(tx, sums, opts.period ?? null);
    }
    // The kept counts span every period: checked against a scan of the whole history, without a period only.
    if (!opts.period) {
      const kept = await keptDifferences(tx);
      differences.push(...kept);
      if (opts.apply && kept.length) await refillKeptCounts(tx);
    }
    return { orders: orderIds.length, results, rollups: fresh.size, differences, applied: !!opts.apply && differences.length > 0 };
  });
}

/** Every order with a callback; for one period, those with a callback near it (periods differ by kind). */
export async function ordersToJudge(tx: Queryable, versions: PolicyVersion[], period?: string): Promise<number[]> {
  if (!period) {
    // Every callback event has its callbacks row: the small table, not the whole event log (49 M rows at ten million orders).
    const r = await tx.query<{ order_id: number }>('select distinct order_id from callbacks order by order_id');
    return r.rows.map((x) => x.order_id);
  }
  const bounds = POLICY_KINDS.map((k) => periodBounds(versions, k, period));
  const from = new Date(Math.min(...bounds.map((b) => b.start.getTime())));
  const to = new Date(Math.max(...bounds.map((b) => b.end.getTime())));
  const r = await tx.query<{ order_id: number }>('select distinct order_id from callbacks where at >= $1 and at < $2 order by order_id', [from, to]);
  return r.rows.map((x) => x.order_id);
}

async function replaceRollups(tx: Queryable, sums: Map<string, RollupDelta>, period: string | null): Promise<void> {
  await tx.query('delete from evaluation_rollups where ($1::text is null or period = $1)', [period]);
  const rows = [...sums].map(([k, d]) => {
    const [p, u] = k.split('|');
    return {
      period: p,
      unit_id: Number(u),
      valid_callbacks: round(d.validCallbacks, 4),
      contacted: round(d.contacted, 4),
      solved: round(d.solved, 4),
      satisfied: round(d.satisfied, 4),
      basically_satisfied: round(d.basicallySatisfied, 4),
    };
  });
  if (!rows.length) return;
  await tx.query(`insert into evaluation_rollups select * from jsonb_populate_recordset(null::evaluation_rollups, $1::jsonb)`, [JSON.stringify(rows)]);
}

const resultKey = (r: OrderResultRow) => `${r.period}|${r.unit_id}|${r.order_id}|${r.callback_id}`;
const resultValue = (r: OrderResultRow) =>
  JSON.stringify([round(Number(r.weight), 4), r.contacted, r.solved, r.satisfaction, r.appeal_id === null ? null : Number(r.appeal_id)]);
const rollupValue = (...xs: number[]) => JSON.stringify(xs.map((x) => round(Number(x), 4)));


