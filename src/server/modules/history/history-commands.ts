import type { Role } from '../../lib/ctx.ts';
import { addDuration } from '../deadlines/calendar.ts';
import { dueTimesAtDispatch, extendDue, ruleFor, type Urgency } from '../deadlines/sla.ts';
import type { OrderSim, Who } from './history-order-sim.ts';
import type { Ms } from './history-tables.ts';
import type { Routed } from './history-world.ts';

/**
 * What each command of src/server/modules/work-orders writes, replayed on an OrderSim: the same
 * patches, timers and side records, keyed to the same actions.
 */

const d = (ms: Ms) => new Date(ms);

export function leadWho(s: OrderSim): Who {
  const kind = s.world.unitKind.get(s.o.lead_unit_id!) ?? 'department';
  const role: Role = kind === 'street' || kind === 'township' ? 'street_staff' : kind === 'district' ? 'district_supervisor' : 'department_staff';
  return { role, unitId: s.o.lead_unit_id };
}

export const hotline = (s: OrderSim, role: Role): Who => ({ role, unitId: s.world.hotlineId });

function assignUnits(s: OrderSim, r: Routed, at: Ms): Record<string, unknown> {
  const o = s.o;
  for (const a of s.assignments) a.active = false;
  const rows: [number, 'lead' | 'co_handler' | 'copy'][] = [[r.leadUnitId, 'lead'], ...r.coHandlerUnitIds.map((id) => [id, 'co_handler'] as [number, 'co_handler'])];
  if (r.copyTo) rows.push([r.copyTo, 'copy']);
  for (const [unit_id, role] of rows) s.assignments.push({ order_id: o.id, unit_id, role, active: true, assigned_at: at, report: null, reported_at: null });
  s.coHandlers = [...r.coHandlerUnitIds];
  const due = dueTimesAtDispatch(s.world.calendar, s.world.policy, o.urgency as Urgency, d(at));
  s.cancel(['dispatch', 'sign', 'first_contact', 'feedback']);
  s.schedule('sign', at, due.sign.getTime());
  s.schedule('first_contact', at, due.first_contact.getTime());
  s.schedule('feedback', at, due.feedback.getTime());
  Object.assign(o, {
    lead_unit_id: r.leadUnitId, district_id: o.district_id ?? s.world.unitDistrict.get(r.leadUnitId) ?? null, dispatched_at: at,
    signed_at: null, first_contact_at: null, due_sign_at: due.sign.getTime(), due_contact_at: due.first_contact.getTime(),
    due_feedback_at: due.feedback.getTime(), overdue_stages: o.overdue_stages.filter((x) => x === 'dispatch'), held_from_status: null,
  });
  return { leadUnitId: r.leadUnitId, leadUnitName: r.leadUnitName, coHandlerUnitIds: r.coHandlerUnitIds, copiedTo: r.copyTo, entry: null };
}

export function answer(s: OrderSim, at: Ms, who: Who, text: string) {
  s.step('answer', at, who, () => {
    s.cancel(['dispatch']);
    Object.assign(s.o, { answer: text, closed_at: s.now });
    return { to: 'answered', data: { answer: text } };
  });
}

export function decline(s: OrderSim, at: Ms, reason: string) {
  s.step('decline', at, hotline(s, 'dispatcher'), () => {
    s.cancel(['dispatch']);
    Object.assign(s.o, { close_reason: reason, closed_at: s.now });
    return { to: 'not_dispatched', reason, data: { note: null } };
  });
}

export function merge(s: OrderSim, at: Ms, target: OrderSim): boolean {
  const who = hotline(s, 'dispatcher');
  at = Math.max(at, s.now + 1000);
  if (at > s.end || !target.absorb(at, s.o, who)) return false;
  s.step('merge', at, who, () => {
    s.cancel(['dispatch']);
    Object.assign(s.o, { merged_into_id: target.o.id, closed_at: s.now });
    return { to: 'merged', data: { intoOrderId: target.o.id, intoCode: target.o.code } };
  });
  return true;
}

export function dispatch(s: OrderSim, at: Ms, r: Routed) {
  s.step('dispatch', at, hotline(s, 'dispatcher'), () => {
    const data = assignUnits(s, r, s.now);
    Object.assign(s.o, {
      routing_proposal: r.proposal, routing_overridden: false, dispatch_rule_id: r.ruleId, duty_list_id: r.dutyListId,
      taxonomy_version_id: s.o.taxonomy_version_id ?? r.taxonomyVersionId,
    });
    return { to: 'dispatched', data: { ...data, proposal: JSON.parse(r.proposal), overridden: false, note: null } };
  });
}

export function sign(s: OrderSim, at: Ms) {
  s.step('sign', at, leadWho(s), () => {
    s.cancel(['sign']);
    s.o.signed_at = s.now;
    return { to: 'signed' };
  });
}

export function dispute(s: OrderSim, at: Ms, reason: string, suggested: number | null) {
  const who = leadWho(s);
  s.step('dispute', at, who, () => {
    s.openDispute = {
      order_id: s.o.id, unit_id: who.unitId!, reason, suggested_unit_id: suggested, status: 'pending', raised_by: s.userId(who),
      raised_at: s.now, decided_by: null, decided_at: null, decision_note: null,
    };
    s.out.disputes.push(s.openDispute);
    s.o.held_from_status = s.status;
    return { to: 'disputed', reason, data: { suggestedUnitId: suggested } };
  });
}

export function adjudicate(s: OrderSim, at: Ms, decision: 'redispatch' | 'reject' | 'onsite_check', note: string, r?: Routed) {
  const who = hotline(s, 'hotline_supervisor');
  s.step('adjudicate', at, who, () => {
    const open = s.openDispute!;
    const status = decision === 'onsite_check' ? 'onsite_check' : decision === 'reject' ? 'rejected' : 'redispatched';
    Object.assign(open, { status, decided_by: s.userId(who), decided_at: s.now, decision_note: note });
    if (decision === 'onsite_check') return { to: 'disputed', reason: note, data: { decision } };
    if (decision === 'reject') {
      const back = (s.o.held_from_status ?? 'dispatched') as 'dispatched';
      s.o.held_from_status = null;
      return { to: back, reason: note, data: { decision } };
    }
    return { to: 'dispatched', reason: note, data: { decision, ...assignUnits(s, r!, s.now) } };
  });
}

export function contact(s: OrderSim, at: Ms, method: string) {
  s.step('contact', at, leadWho(s), () => {
    s.cancel(['first_contact']);
    s.o.first_contact_at = s.now;
    return { to: 'in_progress', data: { method, note: null } };
  });
}

export function requestExtension(s: OrderSim, at: Ms, days: number, reason: string) {
  const who = leadWho(s);
  s.step('request_extension', at, who, () => {
    const unit = ruleFor(s.world.policy, s.o.urgency as Urgency, 'feedback').duration.unit === 'working_days' ? 'working_days' : 'days';
    const duration = { amount: days, unit };
    s.pendingExtension = {
      order_id: s.o.id, unit_id: who.unitId!, reason, duration: JSON.stringify(duration), requester_informed: true, status: 'pending',
      requested_by: s.userId(who), requested_at: s.now, decided_by: null, decided_at: null, decision_note: null, old_due_at: s.o.due_feedback_at, new_due_at: null,
    };
    s.out.extensions.push(s.pendingExtension);
    return { reason, data: { duration, requesterInformed: true } };
  });
}

export function decideExtension(s: OrderSim, at: Ms, approve: boolean) {
  const who = hotline(s, 'hotline_supervisor');
  s.step('decide_extension', at, who, () => {
    const ext = s.pendingExtension!;
    s.pendingExtension = null;
    Object.assign(ext, { status: approve ? 'approved' : 'refused', decided_by: s.userId(who), decided_at: s.now, decision_note: null });
    if (!approve) return { data: { approved: false } };
    const base = s.o.due_feedback_at ?? s.now;
    const newDue = extendDue(s.world.calendar, d(base), JSON.parse(ext.duration)).getTime();
    ext.new_due_at = newDue;
    s.cancel(['feedback']);
    s.schedule('feedback', s.now, newDue);
    Object.assign(s.o, { due_feedback_at: newDue, extension_count: s.o.extension_count + 1, overdue_stages: s.o.overdue_stages.filter((x) => x !== 'feedback') });
    return { data: { approved: true, oldDueAt: d(base).toISOString(), newDueAt: d(newDue).toISOString() } };
  });
}

export function escalate(s: OrderSim, at: Ms, reason: string) {
  s.step('escalate', at, leadWho(s), () => {
    s.o.held_from_status = s.status;
    return { to: 'escalated', reason };
  });
}

export function reassign(s: OrderSim, at: Ms, r: Routed, note: string) {
  s.step('reassign', at, { role: 'district_supervisor', unitId: s.o.district_id }, () => ({ to: 'dispatched', reason: note, data: assignUnits(s, r, s.now) }));
}

export function coReport(s: OrderSim, at: Ms, unitId: number, report: string) {
  const kind = s.world.unitKind.get(unitId);
  const role: Role = kind === 'street' || kind === 'township' ? 'street_staff' : 'department_staff';
  s.step('co_report', at, { role, unitId }, () => {
    for (const a of s.assignments) {
      if (a.unit_id === unitId && a.active && a.role === 'co_handler') Object.assign(a, { report, reported_at: s.now });
    }
    return { data: { unitId, report } };
  });
}

export function feedback(s: OrderSim, at: Ms, result: string, solved: boolean) {
  s.step('feedback', at, leadWho(s), () => {
    s.cancel(['feedback']);
    Object.assign(s.o, { feedback_at: s.now, feedback_text: result, feedback_solved: solved });
    return { to: 'awaiting_callback', data: { result, solved } };
  });
}

export function callback(s: OrderSim, at: Ms, r: { valid: boolean; contacted?: boolean; solved?: boolean; satisfaction?: string }) {
  const who = hotline(s, 'callback_agent');
  s.step('callback', at, who, () => {
    const round = ++s.callbackRounds;
    s.lastCallback = {
      order_id: s.o.id, round, valid: r.valid, contacted: r.valid ? r.contacted! : null, solved: r.valid ? r.solved! : null,
      satisfaction: r.valid ? r.satisfaction! : null, note: null, agent_id: s.userId(who), at: s.now,
    };
    s.out.callbacks.push(s.lastCallback);
    const data = r.valid ? { round, valid: true, contacted: r.contacted, solved: r.solved, satisfaction: r.satisfaction } : { round, valid: false };
    return { to: r.valid ? 'called_back' : 'awaiting_callback', data };
  });
}

export function reopen(s: OrderSim, at: Ms, reason: string) {
  s.step('reopen', at, hotline(s, 'callback_agent'), () => {
    const due = addDuration(s.world.calendar, d(s.now), s.world.policy.reHandlingDuration).getTime();
    s.cancel(['feedback']);
    s.schedule('feedback', s.now, due);
    Object.assign(s.o, {
      reopen_count: s.o.reopen_count + 1, feedback_at: null, feedback_text: null, feedback_solved: null, due_feedback_at: due,
      overdue_stages: s.o.overdue_stages.filter((x) => x !== 'feedback'),
    });
    return { to: 'in_progress', reason, data: { round: s.o.reopen_count, dueFeedbackAt: d(due).toISOString() } };
  });
}

export function close(s: OrderSim, at: Ms) {
  s.step('close', at, hotline(s, 'callback_agent'), () => {
    s.cancel(['dispatch', 'sign', 'first_contact', 'feedback']);
    s.o.closed_at = s.now;
    return { to: 'closed' };
  });
}

export function requestExclusion(s: OrderSim, at: Ms, reason: string) {
  const who = leadWho(s);
  s.step('request_exclusion', at, who, () => {
    s.pendingExclusion = {
      order_id: s.o.id, reason, status: 'pending', requested_by: s.userId(who), requested_at: s.now, decided_by: null, decided_at: null, decision_note: null,
    };
    s.out.exclusions.push(s.pendingExclusion);
    return { reason };
  });
}

export function decideExclusion(s: OrderSim, at: Ms, approve: boolean) {
  const who = hotline(s, 'hotline_supervisor');
  s.step('decide_exclusion', at, who, () => {
    Object.assign(s.pendingExclusion!, { status: approve ? 'approved' : 'refused', decided_by: s.userId(who), decided_at: s.now });
    s.pendingExclusion = null;
    if (approve) s.o.excluded = true;
    return { data: { approved: approve } };
  });
}

export function supervise(s: OrderSim, at: Ms, note: string) {
  const who: Who = { role: 'district_supervisor', unitId: s.o.district_id };
  s.step('supervise', at, who, () => {
    s.out.supervisions.push({ order_id: s.o.id, kind: 'manual', stage: null, note, created_by: s.userId(who), created_at: s.now });
    return { reason: note, data: { kind: 'manual' } };
  });
}
