import { z } from '@hono/zod-openapi';
import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { evaluatedUnitFor } from './evaluation-access.ts';
import { catchUp } from './evaluation-consumer.ts';

/** The orders and callbacks behind a rate: every counted result of a unit in a period, filtered by what the rate counts. */

export const DRILL_FILTERS = ['all', 'contacted', 'not_contacted', 'solved', 'not_solved', 'satisfied', 'basically_satisfied', 'dissatisfied', 'appealed'] as const;
export type DrillFilter = (typeof DRILL_FILTERS)[number];

const WHERE: Record<DrillFilter, string> = {
  all: 'true',
  contacted: 'r.contacted',
  not_contacted: 'not r.contacted',
  solved: 'r.solved',
  not_solved: 'not r.solved',
  satisfied: `r.satisfaction = 'satisfied'`,
  basically_satisfied: `r.satisfaction = 'basically_satisfied'`,
  dissatisfied: `r.satisfaction = 'dissatisfied'`,
  appealed: 'r.appeal_id is not null',
};

export const DrillRow = z
  .object({
    orderId: z.number(),
    code: z.string(),
    title: z.string(),
    status: z.string(),
    callbackId: z.number(),
    round: z.number(),
    calledBackAt: z.string(),
    weight: z.number(),
    contacted: z.boolean(),
    solved: z.boolean(),
    satisfaction: z.string(),
    appealId: z.number().nullable(),
    reopenCount: z.number(),
  })
  .openapi('EvaluationDrillRow');
export type DrillRow = z.infer<typeof DrillRow>;

type Raw = {
  order_id: number; code: string; title: string; status: string; callback_id: number; round: number; at: Date;
  weight: number; contacted: boolean; solved: boolean; satisfaction: string; appeal_id: number | null; reopen_count: number;
};

/** One keyset page after (order, callback): cheap at any depth, as the primary key leads with period and unit. */
export async function drillPage(q: Queryable, unitId: number, period: string, filter: DrillFilter, after: [number, number], limit: number): Promise<DrillRow[]> {
  const rows = (
    await q.query<Raw>(
      `select r.order_id, o.code, o.title, o.status, r.callback_id, c.round, c.at, r.weight, r.contacted, r.solved, r.satisfaction, r.appeal_id, o.reopen_count
         from evaluation_order_results r join work_orders o on o.id = r.order_id join callbacks c on c.id = r.callback_id
        where r.period = $1 and r.unit_id = $2 and (r.order_id, r.callback_id) > ($3, $4) and ${WHERE[filter]}
        order by r.order_id, r.callback_id limit $5`,
      [period, unitId, after[0], after[1], limit],
    )
  ).rows;
  return rows.map((r) => ({
    orderId: Number(r.order_id),
    code: r.code,
    title: r.title,
    status: r.status,
    callbackId: Number(r.callback_id),
    round: r.round,
    calledBackAt: new Date(r.at).toISOString(),
    weight: Number(r.weight),
    contacted: r.contacted,
    solved: r.solved,
    satisfaction: r.satisfaction,
    appealId: r.appeal_id === null ? null : Number(r.appeal_id),
    reopenCount: r.reopen_count,
  }));
}

export async function getDrilldown(ctx: Ctx, input: { unitId: number; period: string; filter: DrillFilter; after?: string; limit?: number }) {
  await evaluatedUnitFor(ctx.db, ctx.actor, input.unitId);
  await catchUp(ctx);
  const limit = input.limit ?? 50;
  const [o, c] = (input.after ?? '0:0').split(':').map(Number);
  const items = await drillPage(ctx.db, input.unitId, input.period, input.filter, [o || 0, c || 0], limit);
  const total = (
    await ctx.db.query<{ n: number }>(`select count(*)::int as n from evaluation_order_results r where r.period = $1 and r.unit_id = $2 and ${WHERE[input.filter]}`, [
      input.period,
      input.unitId,
    ])
  ).rows[0].n;
  const last = items[items.length - 1];
  const next = items.length === limit ? `${last.orderId}:${last.callbackId}` : null;
  return { items, total, next };
}

/** Orders the unit led at a callback in the period that the counting rules removed (剔单 approved), for transparency. */
export async function removedOrders(q: Queryable, unitId: number, from: Date, to: Date) {
  const rows = (
    await q.query<{ order_id: number; code: string; title: string; reason: string | null }>(
      `select distinct f.order_id, o.code, o.title, (select e.reason from exclusions e where e.order_id = o.id and e.status = 'approved' limit 1) as reason
         from evaluation_callback_facts f join work_orders o on o.id = f.order_id
        where f.lead_unit_id = $1 and f.at >= $2 and f.at < $3 and f.valid and o.excluded
        order by f.order_id limit 200`,
      [unitId, from, to],
    )
  ).rows;
  return rows.map((r) => ({ orderId: Number(r.order_id), code: r.code, title: r.title, reason: r.reason }));
}
