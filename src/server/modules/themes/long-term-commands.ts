import type { z } from '@hono/zod-openapi';
import type { Queryable } from '../../db/client.ts';
import { hasRole, type Ctx } from '../../lib/ctx.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { cancelTimers, scheduleTimers } from '../deadlines/deadline-handlers.ts';
import { notify } from '../notifications/notify.ts';
import { canSee } from '../work-orders/work-order-access.ts';
import { districtIds, isCitywide, staffUnitIds } from './theme-access.ts';
import type { LongTermInput, LONG_TERM_ACTION_INPUTS } from './theme-schemas.ts';
import type { LongTermItemRow } from './theme-tables.ts';

export const LONG_TERM_REVIEW = 'long_term_review';
const DAY = 86_400_000;
export type LongTermAction = keyof typeof LONG_TERM_ACTION_INPUTS;
const LINK = '/console/long-term';

async function appendEvent(tx: Queryable, ctx: Ctx, itemId: number, type: string, note: string | null, data: Record<string, unknown> = {}) {
  const grant = ctx.actor?.grants[0] ?? null;
  await tx.query(
    `insert into long_term_events(item_id, type, actor_id, actor_role, actor_unit_id, at, note, data) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [itemId, type, ctx.actor?.userId ?? null, grant?.role ?? null, grant?.unitId ?? null, ctx.now(), note, JSON.stringify(data)],
  );
}

/** 长期跟踪: a request that cannot be solved soon goes on the list with its reason and a review schedule. */
export async function addLongTerm(ctx: Ctx, input: z.infer<typeof LongTermInput>): Promise<LongTermItemRow> {
  const actor = ctx.actor;
  if (!actor || !hasRole(actor, 'street_staff', 'department_staff', 'district_supervisor', 'hotline_supervisor')) {
    throw forbidden('Only handling units and supervisors put requests on the long-term list.', '仅承办单位和督办人员可以将诉求列入长期跟踪清单。');
  }
  return ctx.db.transaction(async (tx) => {
    const o = (await tx.query<{ id: number; lead_unit_id: number | null; street_id: number | null; district_id: number | null; status: string }>(
      'select id, lead_unit_id, street_id, district_id, status from work_orders where id = $1', [input.orderId],
    )).rows[0];
    if (!o || !(await canSee(tx, actor, o))) throw notFound('work order', input.orderId);
    const unitId = o.lead_unit_id ?? o.street_id ?? o.district_id;
    if (!unitId) throw new AppError('bad_request', 'The order has no handling unit yet: dispatch it first.', { orderId: o.id }, '该工单尚无承办单位，请先派单。');
    if ((await tx.query(`select 1 from long_term_items where order_id = $1 and status = 'tracking'`, [o.id])).rows.length) {
      throw new AppError('conflict', 'The order is already on the long-term list.', { orderId: o.id }, '该工单已在长期跟踪清单中。');
    }
    const next = new Date(ctx.now().getTime() + input.reviewDays * DAY);
    const item = (await tx.query<LongTermItemRow>(
      `insert into long_term_items(order_id, reason_kind, reason, unit_id, district_id, review_days, next_review_at, status, created_by, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, 'tracking', $8, $9, $9) returning *`,
      [o.id, input.reasonKind, input.reason, unitId, o.district_id, input.reviewDays, next, actor.userId, ctx.now()],
    )).rows[0];
    await scheduleTimers(tx, LONG_TERM_REVIEW, [{ subjectId: item.id, stage: 'review', kind: 'due', fireAt: next }]);
    await appendEvent(tx, ctx, item.id, 'long_term.listed', input.reason, { reasonKind: input.reasonKind, reviewDays: input.reviewDays, orderId: o.id });
    return item;
  });
}

function mayAct(ctx: Ctx, item: LongTermItemRow, action: LongTermAction): boolean {
  const actor = ctx.actor!;
  const supervisor = isCitywide(actor) || districtIds(actor).includes(item.district_id ?? -1);
  if (action === 'supervise') return supervisor;
  return supervisor || staffUnitIds(actor).includes(item.unit_id);
}

/** Review (record progress, the next review is scheduled), supervise (督办: the district presses the unit), resolve. */
export async function actOnLongTerm(ctx: Ctx, id: number, action: LongTermAction, input: { version: number; note: string }): Promise<LongTermItemRow> {
  return ctx.db.transaction(async (tx) => {
    const item = (await tx.query<LongTermItemRow>('select * from long_term_items where id = $1 for update', [id])).rows[0];
    if (!item || !ctx.actor || !(await canSee(tx, ctx.actor, { id: item.order_id }))) throw notFound('long-term item', id);
    if (!mayAct(ctx, item, action)) throw forbidden(`You may not ${action} this item.`, '您无权执行该操作。', { action });
    if (item.version !== input.version) throw new AppError('version_conflict', 'The item changed since you loaded it.', { expected: input.version, actual: item.version }, '该条目已被他人更新，请刷新后重试。');
    if (item.status !== 'tracking') throw new AppError('invalid_transition', 'The item is resolved.', { action, status: item.status }, '该条目已办结。');
    const now = ctx.now();
    let patch = '';
    const params: unknown[] = [id, now];
    if (action === 'review') {
      const next = new Date(now.getTime() + item.review_days * DAY);
      params.push(next);
      patch = `, review_due = false, next_review_at = $3`;
      await cancelTimers(tx, LONG_TERM_REVIEW, [id]);
      await scheduleTimers(tx, LONG_TERM_REVIEW, [{ subjectId: id, stage: 'review', kind: 'due', fireAt: next }]);
    } else if (action === 'resolve') {
      patch = `, status = 'resolved', review_due = false`;
      await cancelTimers(tx, LONG_TERM_REVIEW, [id]);
    } else {
      await notify(tx, ctx, {
        kind: 'long_term.supervised', subjectKind: 'long_term', subjectId: id, unitIds: [item.unit_id], link: LINK,
        title: { zh: `长期跟踪督办：${input.note.slice(0, 40)}`, en: `Long-term item supervised: ${input.note.slice(0, 40)}` }, data: { orderId: item.order_id },
      });
    }
    const updated = (await tx.query<LongTermItemRow>(`update long_term_items set version = version + 1, updated_at = $2${patch} where id = $1 returning *`, params)).rows[0];
    await appendEvent(tx, ctx, id, `long_term.${action === 'review' ? 'reviewed' : action === 'resolve' ? 'resolved' : 'supervised'}`, input.note);
    return updated;
  });
}
