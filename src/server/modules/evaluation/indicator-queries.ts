import type { Ctx } from '../../lib/ctx.ts';
import { evaluatedUnitFor } from './evaluation-access.ts';
import { catchUp } from './evaluation-consumer.ts';
import { periodBounds, policyKindOf } from './evaluation-policy.ts';
import { loadPolicies } from './evaluation-rollups.ts';
import { shanghaiDate } from '../deadlines/calendar.ts';
import { round } from './evaluation-scoring.ts';
import { VIA } from '../work-orders/work-order-access.ts';

/**
 * Further indicators of a unit and period (definitions in the console's messages, `ind.*.def`).
 * They read the work-order tables directly for the period under the unit's policy; unlike the
 * 三率 they are not part of the composite.
 */

export type Indicator = { key: string; value: number | null; numerator: number; denominator: number };

const ratio = (key: string, num: number, den: number, scale = 1): Indicator => ({
  key,
  value: den > 0 ? round((num / den) * scale, 4) : null,
  numerator: num,
  denominator: den,
});


export async function getIndicators(ctx: Ctx, unitId: number, period: string) {
  const unit = await evaluatedUnitFor(ctx.db, ctx.actor, unitId);
  // The repeat requests are kept by the consumer: caught up first, so an order just received counts.
  await catchUp(ctx);
  const versions = await loadPolicies(ctx.db);
  const { start, end } = periodBounds(versions, policyKindOf(unit.kind)!, period);
  const r = (
    await ctx.db.query<Record<string, number>>(
      // Each count is one index range of the period (the unit's dispatches, feedbacks, and the orders
      // it leads by received time, read from the visibility index's lead rows), never its whole history.
      // Repeat requests (an earlier order with the same phone and category within 30 days before) are
      // kept per order and counted per lead unit and day with the volume (migration 0032).
      `with d as (select count(*)::int as dispatched, count(*) filter (where signed_at <= due_sign_at)::int as signed_on_time
                    from work_orders where lead_unit_id = $1 and dispatched_at >= $2 and dispatched_at < $3),
            f as (select count(*)::int as fed_back, count(*) filter (where feedback_at <= due_feedback_at)::int as fed_back_on_time
                    from work_orders where lead_unit_id = $1 and feedback_at >= $2 and feedback_at < $3),
            led as (select v.order_id from work_order_visibility v
                     where v.unit_id = $1 and (v.via & ${VIA.lead}) <> 0 and v.received_at >= $2 and v.received_at < $3)
       select d.*, f.*,
         (select count(*)::int from led) as received,
         (select coalesce(sum(repeats), 0)::int from evaluation_volume_daily
           where place = 'lead' and unit_id = $1 and day >= $4::date and day < $5::date) as repeats,
         (select count(*)::int from disputes where unit_id = $1 and raised_at >= $2 and raised_at < $3) as disputes,
         (select count(*)::int from disputes where unit_id = $1 and decided_at >= $2 and decided_at < $3 and status in ('redispatched','rejected')) as disputes_decided,
         (select count(*)::int from disputes where unit_id = $1 and decided_at >= $2 and decided_at < $3 and status = 'redispatched') as disputes_approved,
         (select count(*)::int from extensions where unit_id = $1 and requested_at >= $2 and requested_at < $3) as extensions,
         (select count(*)::int from work_orders w where w.street_id = $1 and w.received_at >= $2 and w.received_at < $3) as street_requests
       from d, f`,
      [unitId, start, end, shanghaiDate(start), shanghaiDate(end)],
    )
  ).rows[0];
  const items: Indicator[] = [
    ratio('onTimeSignRate', r.signed_on_time, r.dispatched),
    ratio('onTimeFeedbackRate', r.fed_back_on_time, r.fed_back),
    ratio('disputeRate', r.disputes, r.dispatched),
    ratio('disputeApprovalRate', r.disputes_approved, r.disputes_decided),
    ratio('extensionRate', r.extensions, r.dispatched),
    ratio('repeatRequestRate', r.repeats, r.received),
  ];
  if (unit.kind === 'street' || unit.kind === 'township') items.push(ratio('requestsPerThousand', r.street_requests, unit.population ?? 0, 1000));
  return { unitId, period, periodStart: start.toISOString(), periodEnd: end.toISOString(), items };
}
