import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { AppError } from '../../lib/errors.ts';
import { cancelStages, loadCalendar, policyById, scheduleStage } from '../deadlines/deadline-store.ts';
import { dueTimesAtDispatch, type Urgency } from '../deadlines/sla.ts';
import type { OrderRow } from './work-order-access.ts';
import { assertEntry } from '../routing/duty-lists/entry-control.ts';

// Communities and grids only assist (domain §2): they may co-handle but never lead.
const LEAD_KINDS = ['district', 'street', 'township', 'department', 'enterprise'];
const CO_KINDS = [...LEAD_KINDS, 'community'];

type UnitRow = { id: number; kind: string; name: string; district_id: number | null; active: boolean };

/**
 * Gives the order a (new) lead unit and co-handlers: replaces the active assignments, copies an
 * order led by a street to its district for supervision, and restarts the sign, first-contact and
 * feedback clocks from now under the order's SLA policy.
 */
export async function assignUnits(
  tx: Queryable,
  ctx: Ctx,
  order: OrderRow,
  leadUnitId: number,
  coHandlerUnitIds: number[],
  overrides: { emergency?: boolean; districtApproved?: boolean } = {},
): Promise<{ patch: Record<string, unknown>; data: Record<string, unknown> }> {
  const co = [...new Set(coHandlerUnitIds)];
  if (co.includes(leadUnitId)) {
    throw new AppError('validation_failed', 'The lead unit cannot also be a co-handler.', { field: 'coHandlerUnitIds' }, '主办单位不能同时为协办单位。');
  }
  const units = (
    await tx.query<UnitRow>('select id, kind, name, district_id, active from units where id = any($1::int[])', [[leadUnitId, ...co]])
  ).rows;
  const lead = units.find((u) => u.id === leadUnitId);
  if (!lead || !lead.active) throw new AppError('not_found', `Unit ${leadUnitId} not found`, { field: 'leadUnitId' }, `未找到单位 ${leadUnitId}`);
  if (!LEAD_KINDS.includes(lead.kind)) {
    throw new AppError('validation_failed', `A ${lead.kind} cannot be the lead unit; communities and grids only assist.`, { field: 'leadUnitId', kind: lead.kind }, '社区、网格只能协办，不能作为主办单位。');
  }
  for (const id of co) {
    const u = units.find((x) => x.id === id);
    if (!u || !u.active) throw new AppError('not_found', `Unit ${id} not found`, { field: 'coHandlerUnitIds' }, `未找到单位 ${id}`);
    if (!CO_KINDS.includes(u.kind)) {
      throw new AppError('validation_failed', `A ${u.kind} cannot co-handle.`, { field: 'coHandlerUnitIds', kind: u.kind }, '该单位不能作为协办单位。');
    }
  }
  const now = ctx.now();
  const entry = await checkEntries(tx, order, lead.id, co, overrides, now);
  await tx.query('update work_order_assignments set active = false where order_id = $1 and active', [order.id]);
  const rows: [number, string][] = [[lead.id, 'lead'], ...co.map((id): [number, string] => [id, 'co_handler'])];
  const copyTo = (lead.kind === 'street' || lead.kind === 'township') && lead.district_id ? lead.district_id : null;
  if (copyTo) rows.push([copyTo, 'copy']);
  for (const [unitId, role] of rows) {
    await tx.query('insert into work_order_assignments(order_id, unit_id, role, assigned_at) values ($1, $2, $3, $4)', [order.id, unitId, role, now]);
  }
  const policy = await policyById(tx, order.sla_policy_id!);
  const due = dueTimesAtDispatch(await loadCalendar(tx), policy, order.urgency as Urgency, now);
  await cancelStages(tx, order.id, ['dispatch', 'sign', 'first_contact', 'feedback']);
  await scheduleStage(tx, order.id, 'sign', now, due.sign, policy.warnFraction);
  await scheduleStage(tx, order.id, 'first_contact', now, due.first_contact, policy.warnFraction);
  await scheduleStage(tx, order.id, 'feedback', now, due.feedback, policy.warnFraction);
  return {
    patch: {
      lead_unit_id: lead.id,
      district_id: order.district_id ?? lead.district_id,
      dispatched_at: now,
      signed_at: null,
      first_contact_at: null,
      due_sign_at: due.sign,
      due_contact_at: due.first_contact,
      due_feedback_at: due.feedback,
      overdue_stages: order.overdue_stages.filter((s) => s === 'dispatch'),
      held_from_status: null,
    },
    data: { leadUnitId: lead.id, leadUnitName: lead.name, coHandlerUnitIds: co, copiedTo: copyTo, entry },
  };
}

/**
 * 准入: a street, township or community may only be given what its duty list covers, unless the
 * matter is an emergency or the district approved it. Only a categorised order can be judged.
 */
async function checkEntries(
  tx: Queryable,
  order: OrderRow,
  leadId: number,
  co: number[],
  overrides: { emergency?: boolean; districtApproved?: boolean },
  at: Date,
) {
  if (!order.category) return null;
  const common = {
    categoryCode: order.category,
    emergency: overrides.emergency === true || order.urgency === 'emergency',
    districtApproved: overrides.districtApproved === true,
    at,
  };
  const lead = await assertEntry(tx, { ...common, unitId: leadId, role: 'lead' });
  for (const unitId of co) await assertEntry(tx, { ...common, unitId, role: 'co_handler' });
  return { basis: lead.basis, emergency: common.emergency, districtApproved: common.districtApproved };
}
