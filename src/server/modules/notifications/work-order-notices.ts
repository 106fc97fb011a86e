import type { Queryable } from '../../db/client.ts';
import type { Ctx, Role } from '../../lib/ctx.ts';
import { notify, type NotificationInput } from './notify.ts';
import { consumeEvents, type ConsumeResult } from './event-consumer.ts';
import type { WorkOrderEventRow } from './work-order-event-tables.ts';

export const WORK_ORDER_NOTICES = 'work-order-notices';

type OrderFacts = {
  id: number;
  code: string;
  title: string;
  urgency: string;
  lead_unit_id: number | null;
  district_id: number | null;
  co: number[] | null;
};

type Notice = Omit<NotificationInput, 'subjectKind' | 'subjectId' | 'link'>;

const HANDLERS: Role[] = ['street_staff', 'department_staff', 'district_supervisor'];
const STAGE: Record<string, { zh: string; en: string }> = {
  dispatch: { zh: '派单', en: 'dispatch' },
  sign: { zh: '签收', en: 'signing' },
  first_contact: { zh: '联系诉求人', en: 'first contact' },
  feedback: { zh: '办理反馈', en: 'feedback' },
};
const DECISION: Record<string, { zh: string; en: string }> = {
  reject: { zh: '驳回退单，请继续办理', en: 'dispute rejected; keep handling' },
  redispatch: { zh: '同意退单，已改派', en: 'dispute upheld; re-dispatched' },
  onsite_check: { zh: '需现场核查', en: 'on-site check ordered' },
};

/** The event types anyone is told of: the rest (an intake, a sign-for, a feedback…) need no read at all. */
const NOTICED = new Set(['work_order.dispatched', 'work_order.reassigned', 'work_order.dispute_adjudicated', 'work_order.supervised', 'work_order.reopened']);

/**
 * What people are told about a work-order event, derived from the event log alone so the
 * work-order commands stay unaware of notifications: dispatched to my unit (lead or co-handler),
 * a supervision order, due soon, overdue, reopened, a dispute decided. Emergencies and overdue
 * orders also go out by SMS.
 */
export async function noticesFor(q: Queryable, e: WorkOrderEventRow): Promise<Notice[]> {
  // Most events (every intake among them) tell nobody: they cost the consumer no query.
  if (!NOTICED.has(e.type)) return [];
  const o = (
    await q.query<OrderFacts>(
      `select o.id, o.code, o.title, o.urgency, o.lead_unit_id, o.district_id,
         (select array_agg(unit_id) from work_order_assignments where order_id = o.id and active and role = 'co_handler') as co
       from work_orders o where o.id = $1`,
      [e.order_id],
      { prepare: true },
    )
  ).rows[0];
  if (!o) return [];
  const d = e.data ?? {};
  const urgent = o.urgency === 'emergency';
  const sms = urgent ? { outbound: ['sms' as const] } : {};
  const base = { data: { code: o.code, eventId: Number(e.id), type: e.type } };
  const tag = (zh: string, en: string) => ({ zh: `${zh} ${o.code}：${o.title}`, en: `${en} ${o.code}: ${o.title}` });
  const lead = o.lead_unit_id ? [o.lead_unit_id] : [];
  const assigned = (): Notice[] => {
    const leadId = typeof d.leadUnitId === 'number' ? d.leadUnitId : o.lead_unit_id;
    const co = Array.isArray(d.coHandlerUnitIds) ? (d.coHandlerUnitIds as number[]) : [];
    const out: Notice[] = [];
    if (leadId) out.push({ ...base, ...sms, kind: 'work_order.dispatched', unitIds: [leadId], roles: HANDLERS, title: tag(urgent ? '紧急工单派至本单位' : '新工单派至本单位', urgent ? 'Emergency order for your unit' : 'New order for your unit') });
    if (co.length) out.push({ ...base, ...sms, kind: 'work_order.co_handling', unitIds: co, roles: HANDLERS, title: tag('请协办工单', 'Co-handle order') });
    return out;
  };

  switch (e.type) {
    case 'work_order.dispatched':
    case 'work_order.reassigned':
      return assigned();
    case 'work_order.dispute_adjudicated': {
      const decision = String(d.decision ?? '');
      const disputer = await disputingUnit(q, e);
      const label = DECISION[decision] ?? { zh: decision, en: decision };
      const told: Notice[] = disputer
        ? [{ ...base, kind: 'work_order.dispute_decided', unitIds: [disputer], roles: HANDLERS, title: tag(`退单审核：${label.zh}`, `Dispute decided (${label.en}):`), data: { ...base.data, decision } }]
        : [];
      return decision === 'redispatch' ? [...told, ...assigned()] : told;
    }
    case 'work_order.supervised': {
      const kind = String(d.kind ?? 'manual');
      const stage = STAGE[String(d.stage ?? '')] ?? { zh: '办理', en: 'handling' };
      if (kind === 'manual') {
        return [{ ...base, kind: 'work_order.supervision', unitIds: [...lead, ...(o.co ?? [])], roles: HANDLERS, title: tag('督办', 'Supervision order for'), body: e.reason ? { zh: e.reason, en: e.reason } : null }];
      }
      // Before dispatch nobody leads the order: the hotline's dispatchers are the ones to hurry.
      const who = d.stage === 'dispatch' || !lead.length ? await dispatcherUnits(q) : lead;
      const roles: Role[] = d.stage === 'dispatch' || !lead.length ? ['dispatcher', 'hotline_supervisor'] : HANDLERS;
      if (kind === 'warning') {
        return [{ ...base, kind: 'work_order.due_soon', unitIds: who, roles, title: tag(`${stage.zh}即将超时`, `${stage.en} due soon for`) }];
      }
      const out: Notice[] = [{ ...base, kind: 'work_order.overdue', unitIds: who, roles, outbound: ['sms'], title: tag(`${stage.zh}已超时`, `${stage.en} overdue for`) }];
      if (o.district_id && lead.length) out.push({ ...base, kind: 'work_order.overdue', unitIds: [o.district_id], roles: ['district_supervisor'], title: tag(`${stage.zh}已超时`, `${stage.en} overdue for`) });
      return out;
    }
    case 'work_order.reopened':
      return lead.length ? [{ ...base, ...sms, kind: 'work_order.reopened', unitIds: lead, roles: HANDLERS, title: tag('工单重办', 'Reopened order') }] : [];
    default:
      return [];
  }
}

/** The unit that raised the dispute this decision answers: the latest 退单 event before it. */
async function disputingUnit(q: Queryable, e: WorkOrderEventRow): Promise<number | null> {
  const r = await q.query<{ actor_unit_id: number | null }>(
    `select actor_unit_id from work_order_events where order_id = $1 and type = 'work_order.disputed' and id < $2 order by id desc limit 1`,
    [e.order_id, e.id],
  );
  return r.rows[0]?.actor_unit_id ?? null;
}

async function dispatcherUnits(q: Queryable): Promise<number[]> {
  const r = await q.query<{ unit_id: number }>(`select distinct unit_id from user_roles where role = 'dispatcher' and unit_id is not null`);
  return r.rows.map((x) => x.unit_id);
}

/** Runs the consumer over what has been logged since it last ran. */
export function consumeWorkOrderNotices(ctx: Ctx): Promise<ConsumeResult> {
  return consumeEvents(ctx, WORK_ORDER_NOTICES, async (tx, e) => {
    for (const n of await noticesFor(tx, e)) {
      if (!n.unitIds?.length && !n.userIds?.length) continue;
      await notify(tx, ctx, { ...n, subjectKind: 'work_order', subjectId: e.order_id, link: `/console/orders/${e.order_id}` });
    }
  });
}
