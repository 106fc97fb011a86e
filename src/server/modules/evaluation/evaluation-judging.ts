import { periodOf, policyFor, policyKindOf, type PolicyVersion } from './evaluation-policy.ts';
import type { AppealRow, CallbackFactRow, CallbackRow, EventRow, OrderResultRow } from './evaluation-tables.ts';

/**
 * Which callback counts for which unit in which period. Pure, so the incremental consumer and the
 * from-scratch recomputation share one rule and cannot drift.
 */

/** Events that carry the lead unit an order was (re)assigned to. */
export const ASSIGNING_EVENTS = ['work_order.dispatched', 'work_order.reassigned', 'work_order.dispute_adjudicated'];
export const CALLBACK_EVENT = 'work_order.called_back';

/**
 * Walks an order's events in log order, keeping the lead and co-handlers as each assignment left
 * them, and records who had a part at each callback.
 */
export function factsFromEvents(events: EventRow[], callbacks: CallbackRow[]): CallbackFactRow[] {
  let lead: number | null = null;
  let co: number[] = [];
  const facts: CallbackFactRow[] = [];
  for (const e of [...events].sort((a, b) => a.id - b.id)) {
    const d = e.data as { leadUnitId?: number; coHandlerUnitIds?: number[]; round?: number };
    if (ASSIGNING_EVENTS.includes(e.type) && typeof d.leadUnitId === 'number') {
      lead = d.leadUnitId;
      co = Array.isArray(d.coHandlerUnitIds) ? d.coHandlerUnitIds : [];
    }
    if (e.type !== CALLBACK_EVENT) continue;
    const cb = callbacks.find((c) => c.order_id === e.order_id && c.round === d.round);
    if (!cb) continue;
    facts.push({
      callback_id: cb.id,
      event_id: e.id,
      order_id: e.order_id,
      round: cb.round,
      at: cb.at,
      lead_unit_id: lead,
      co_handler_unit_ids: co,
      valid: cb.valid,
      contacted: cb.contacted,
      solved: cb.solved,
      satisfaction: cb.satisfaction,
    });
  }
  return facts;
}

export type OrderState = { id: number; status: string; excluded: boolean; merged_into_id: number | null };
export type UnitKinds = Map<number, string>;

type Effective = { fact: CallbackFactRow; contacted: boolean; solved: boolean; satisfaction: string; appealId: number | null };

/** A callback as it counts after a decided appeal: approved 'invalidate' removes it, 'correct' replaces its answers. */
function effective(fact: CallbackFactRow, appeals: AppealRow[]): Effective | null {
  const a = appeals.find((x) => x.callback_id === fact.callback_id && x.status === 'approved');
  if (a?.outcome === 'invalidate') return null;
  if (a?.outcome === 'correct' && a.corrected) {
    return { fact, contacted: a.corrected.contacted, solved: a.corrected.solved, satisfaction: a.corrected.satisfaction, appealId: a.id };
  }
  if (!fact.valid || fact.contacted === null || fact.solved === null || !fact.satisfaction) return null;
  return { fact, contacted: fact.contacted, solved: fact.solved, satisfaction: fact.satisfaction, appealId: null };
}

/**
 * The results one order gives: per unit that led (weight 1) or co-handled (the policy's share) at a
 * valid callback, in the period the callback falls in under that unit's policy. Orders removed by
 * the counting rules give nothing.
 */
export function judgeOrder(
  order: OrderState,
  facts: CallbackFactRow[],
  appeals: AppealRow[],
  versions: PolicyVersion[],
  kinds: UnitKinds,
): OrderResultRow[] {
  const out = new Map<string, OrderResultRow>();
  const sorted = [...facts].sort((a, b) => a.at.getTime() - b.at.getTime() || a.round - b.round);
  for (const fact of sorted) {
    const eff = effective(fact, appeals);
    if (!eff || fact.lead_unit_id === null) continue;
    const parties: [number, boolean][] = [[fact.lead_unit_id, true], ...fact.co_handler_unit_ids.map((u): [number, boolean] => [u, false])];
    for (const [unitId, isLead] of parties) {
      const kind = policyKindOf(kinds.get(unitId) ?? '');
      if (!kind) continue;
      const period = periodOf(versions, kind, fact.at);
      const rules = policyFor(versions, kind, period).rules;
      if (removedByRules(order, rules.counting)) continue;
      const weight = isLead ? 1 : rules.coHandlerShare;
      if (weight <= 0) continue;
      const row: OrderResultRow = {
        unit_id: unitId,
        period,
        order_id: order.id,
        callback_id: fact.callback_id,
        weight: Math.round(weight * 10_000) / 10_000,
        contacted: eff.contacted,
        solved: eff.solved,
        satisfaction: eff.satisfaction,
        appeal_id: eff.appealId,
      };
      const key = rules.counting.reopenRule === 'last_valid_in_period' ? `${unitId}|${period}` : `${unitId}|${period}|${fact.callback_id}`;
      out.set(key, row);
    }
  }
  return [...out.values()];
}

function removedByRules(order: OrderState, c: PolicyVersion['rules']['counting']): boolean {
  if (c.removeApprovedExclusions && order.excluded) return true;
  if (c.excludeNotDispatched && order.status === 'not_dispatched') return true;
  // A merged order's requester is answered through the order it was merged into, which counts once.
  if (c.mergedCountedOnce && (order.merged_into_id !== null || order.status === 'merged')) return true;
  return false;
}

export type RollupDelta = { validCallbacks: number; contacted: number; solved: number; satisfied: number; basicallySatisfied: number };

/** Sums results into per unit-period counts; `sign` −1 takes old results away. */
export function addResults(into: Map<string, RollupDelta>, rows: OrderResultRow[], sign = 1): Map<string, RollupDelta> {
  for (const r of rows) {
    const key = `${r.period}|${r.unit_id}`;
    const d = into.get(key) ?? { validCallbacks: 0, contacted: 0, solved: 0, satisfied: 0, basicallySatisfied: 0 };
    const w = sign * Number(r.weight);
    d.validCallbacks += w;
    if (r.contacted) d.contacted += w;
    if (r.solved) d.solved += w;
    if (r.satisfaction === 'satisfied') d.satisfied += w;
    if (r.satisfaction === 'basically_satisfied') d.basicallySatisfied += w;
    into.set(key, d);
  }
  return into;
}
