import type { Actor } from '../../lib/ctx.ts';
import { callsRequesters, type OrderRow } from './work-order-access.ts';
import type { Action } from './work-order-workflow.ts';

export type SummaryRow = Pick<
  OrderRow,
  'id' | 'code' | 'status' | 'version' | 'title' | 'request_type' | 'urgency' | 'channel' | 'received_at' | 'updated_at' |
  'due_dispatch_at' | 'due_sign_at' | 'due_contact_at' | 'due_feedback_at' | 'overdue_stages' | 'excluded' |
  'dispatched_at' | 'held_from_status' | 'reopen_count' | 'category'
> & { lead_unit_name: string | null; street_name: string | null; warn_fraction: number | null; supervised: boolean };

type Rows = Record<string, unknown>[];
export type DetailExtras = {
  units: { id: number; name: string; kind: string }[];
  assignments: Rows;
  events: Rows;
  callbacks: Rows;
  extensions: Rows;
  disputes: Rows;
  exclusions: Rows;
  supervisions: Rows;
  attachments: Rows;
  mergedFrom: Rows;
  mergedInto: Record<string, unknown> | null;
};

/** The deadline of the stage the order is in now, for queues sorted by urgency of action. */
export function currentDue(o: Pick<OrderRow, 'status' | 'due_dispatch_at' | 'due_sign_at' | 'due_contact_at' | 'due_feedback_at'>): { stage: string; at: Date } | null {
  const map: Record<string, [string, Date | null]> = {
    received: ['dispatch', o.due_dispatch_at],
    dispatched: ['sign', o.due_sign_at],
    signed: ['first_contact', o.due_contact_at],
    in_progress: ['feedback', o.due_feedback_at],
  };
  const hit = map[o.status];
  return hit && hit[1] ? { stage: hit[0], at: hit[1] } : null;
}

export function presentSummary(r: SummaryRow) {
  return {
    id: r.id,
    code: r.code,
    status: r.status,
    version: r.version,
    title: r.title,
    requestType: r.request_type,
    urgency: r.urgency,
    channel: r.channel,
    receivedAt: r.received_at,
    updatedAt: r.updated_at,
    leadUnitName: r.lead_unit_name,
    streetName: r.street_name,
    category: r.category,
    due: rowClock(r),
    overdueStages: r.overdue_stages,
    excluded: r.excluded,
    supervised: r.supervised,
    reopenCount: r.reopen_count,
  };
}

/**
 * A queue row's clock: the current stage's deadline and when its warning starts (the policy's
 * warning fraction of the stage's time). A disputed or escalated order waits for a decision while
 * the clock of the stage it was held in keeps running, so that clock is shown, marked as waiting.
 */
export function rowClock(r: SummaryRow): { stage: string; at: Date; warnAt: Date | null; waitingFor: 'dispute' | 'escalation' | null } | null {
  const waiting = r.status === 'disputed' || r.status === 'escalated';
  const due = currentDue(waiting && r.held_from_status ? { ...r, status: r.held_from_status } : r);
  if (!due) return null;
  // The dispatch stage runs from intake; every later stage is measured from the dispatch instant.
  const start = due.stage === 'dispatch' ? r.received_at : r.dispatched_at;
  const warnAt = start && r.warn_fraction !== null ? new Date(start.getTime() + (due.at.getTime() - start.getTime()) * r.warn_fraction) : null;
  return { ...due, warnAt, waitingFor: waiting ? (r.status === 'disputed' ? 'dispute' : 'escalation') : null };
}

/** The last four digits at most: enough to tell two callers apart, too little to dial. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 8) return '*'.repeat(digits.length);
  return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
}

function maskName(name: string | null): string | null {
  return name ? `${[...name][0]}${'*'.repeat(Math.max(1, [...name].length - 1))}` : name;
}

/**
 * Contact details go only to those who must call the requester back: the centre, the lead unit
 * and the requester themself. Anonymous requesters are hidden from every unit.
 */
export function requesterView(o: Pick<OrderRow, 'requester_user_id' | 'requester_anonymous' | 'requester_name' | 'requester_phone' | 'lead_unit_id'>, actor: Actor) {
  const own = o.requester_user_id === actor.userId;
  const centre = callsRequesters(actor);
  const lead = actor.grants.some((g) => g.unitId !== null && g.unitId === o.lead_unit_id);
  if (o.requester_anonymous && !centre && !own) return { name: null, phone: null, anonymous: true, masked: true };
  const full = centre || own || lead;
  return {
    name: full ? o.requester_name : maskName(o.requester_name),
    phone: full ? o.requester_phone : maskPhone(o.requester_phone),
    anonymous: o.requester_anonymous,
    masked: !full,
  };
}

export function presentDetail(o: OrderRow, x: DetailExtras, allowed: Action[], actor: Actor) {
  const unit = (id: number | null) => {
    const u = id === null ? undefined : x.units.find((v) => v.id === id);
    return u ? { id: u.id, name: u.name, kind: u.kind } : null;
  };
  return {
    id: o.id,
    code: o.code,
    status: o.status,
    version: o.version,
    channel: o.channel,
    requestType: o.request_type,
    title: o.title,
    text: o.text,
    urgency: o.urgency,
    category: o.category,
    routing: {
      taxonomyVersionId: o.taxonomy_version_id,
      dutyListId: o.duty_list_id,
      dispatchRuleId: o.dispatch_rule_id,
      proposal: o.routing_proposal,
      overridden: o.routing_overridden,
    },
    location: {
      district: unit(o.district_id),
      street: unit(o.street_id),
      community: unit(o.community_id),
      grid: unit(o.grid_id),
      address: o.address,
      lon: o.lon,
      lat: o.lat,
    },
    requester: requesterView(o, actor),
    leadUnit: unit(o.lead_unit_id),
    assignments: x.assignments,
    times: {
      receivedAt: o.received_at,
      dispatchedAt: o.dispatched_at,
      signedAt: o.signed_at,
      firstContactAt: o.first_contact_at,
      feedbackAt: o.feedback_at,
      closedAt: o.closed_at,
    },
    due: { dispatch: o.due_dispatch_at, sign: o.due_sign_at, firstContact: o.due_contact_at, feedback: o.due_feedback_at },
    currentDue: currentDue(o),
    overdueStages: o.overdue_stages,
    reopenCount: o.reopen_count,
    extensionCount: o.extension_count,
    excluded: o.excluded,
    answer: o.answer,
    closeReason: o.close_reason,
    feedback: o.feedback_at ? { text: o.feedback_text, solved: o.feedback_solved, at: o.feedback_at } : null,
    mergedInto: x.mergedInto,
    mergedFrom: x.mergedFrom,
    allowedActions: allowed,
    events: x.events,
    callbacks: x.callbacks,
    extensions: x.extensions,
    disputes: x.disputes,
    exclusions: x.exclusions,
    supervisions: x.supervisions,
    attachments: x.attachments,
  };
}

// What a requester sees of the process: the steps, never internal notes, people or disputes.
export const PUBLIC_EVENT_TYPES = new Set([
  'work_order.received',
  'work_order.answered',
  'work_order.declined',
  'work_order.dispatched',
  'work_order.reassigned',
  'work_order.contacted',
  'work_order.extension_decided',
  'work_order.feedback_submitted',
  'work_order.called_back',
  'work_order.reopened',
  'work_order.closed',
  'work_order.merged',
]);

type Detail = ReturnType<typeof presentDetail>;

/** The requester's own view of their order through the API: the staff view less everything internal. */
export function presentForRequester(d: Detail) {
  return {
    id: d.id,
    code: d.code,
    status: d.status,
    version: d.version,
    channel: d.channel,
    requestType: d.requestType,
    title: d.title,
    text: d.text,
    location: d.location,
    requester: d.requester,
    leadUnit: d.leadUnit ? { name: d.leadUnit.name } : null,
    times: d.times,
    answer: d.answer,
    feedback: d.feedback,
    mergedInto: d.mergedInto ? { code: d.mergedInto.code, status: d.mergedInto.status } : null,
    allowedActions: [] as string[],
    events: d.events
      .filter((e) => PUBLIC_EVENT_TYPES.has(String(e.type)))
      .map((e) => ({ seq: e.seq, type: e.type, at: e.at, to_status: e.to_status })),
    attachments: d.attachments,
  };
}
