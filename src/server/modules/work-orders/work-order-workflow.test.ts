import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../lib/ctx.ts';
import { ACTIONS, allowedActions, decide, OPEN_STATUSES, STATUSES, targetAllowed, TERMINAL, WORKFLOW, type OrderFacts } from './work-order-workflow.ts';

const LEAD = 10;
const CO = 20;
const DISTRICT = 1;

const facts = (over: Partial<OrderFacts> = {}): OrderFacts => ({
  status: 'received',
  leadUnitId: LEAD,
  coHandlerUnitIds: [CO],
  districtId: DISTRICT,
  excluded: false,
  pendingExtension: false,
  pendingExclusion: false,
  lastCallback: null,
  ...over,
});

const actor = (role: Role, unitId: number | null = null): Actor => ({
  userId: 1,
  username: role,
  displayName: role,
  kind: role === 'citizen' ? 'citizen' : 'staff',
  locale: 'zh-CN',
  grants: [{ role, unitId, unitPath: null, districtId: DISTRICT }],
});

describe('the transition table', () => {
  it('names only known statuses and never leaves a terminal status', () => {
    for (const a of ACTIONS) {
      const def = WORKFLOW[a] as { from: string[]; to: string | string[] };
      for (const s of def.from) expect(STATUSES).toContain(s);
      for (const s of def.from) expect(TERMINAL.includes(s as never) && a !== 'request_exclusion' && a !== 'decide_exclusion').toBe(false);
      const targets = Array.isArray(def.to) ? def.to : def.to === 'same' ? [] : [def.to];
      for (const s of targets) expect(STATUSES).toContain(s);
    }
  });

  it('lets every open status be supervised and every status be reached', () => {
    // Written out from the regulations, not derived from the table: 督办 applies to every order
    // still being worked, and to none that is finished.
    const open = ['received', 'dispatched', 'signed', 'disputed', 'in_progress', 'escalated', 'awaiting_callback', 'called_back'];
    const supervisor = actor('hotline_supervisor');
    const supervisable = STATUSES.filter((status) => decide('supervise', facts({ status }), supervisor).ok);
    expect(supervisable).toEqual(open);
    expect(OPEN_STATUSES).toEqual(open);
    const reachable = new Set<string>(['received']);
    for (const a of ACTIONS) {
      const to = (WORKFLOW[a] as { to: string | string[] }).to;
      for (const s of Array.isArray(to) ? to : [to]) if (s !== 'same') reachable.add(s);
    }
    expect([...reachable].sort()).toEqual([...STATUSES].sort());
  });

  it('checks role, then scope, then status, then guards', () => {
    expect(decide('sign', facts({ status: 'dispatched' }), actor('dispatcher'))).toEqual({ ok: false, reason: 'forbidden' });
    expect(decide('sign', facts({ status: 'dispatched' }), actor('street_staff', 99))).toEqual({ ok: false, reason: 'forbidden' });
    expect(decide('sign', facts({ status: 'received' }), actor('street_staff', LEAD))).toEqual({ ok: false, reason: 'invalid_transition' });
    expect(decide('sign', facts({ status: 'dispatched' }), actor('street_staff', LEAD)).ok).toBe(true);
    expect(decide('request_extension', facts({ status: 'in_progress', pendingExtension: true }), actor('department_staff', LEAD))).toEqual({
      ok: false,
      reason: 'invalid_transition',
      failedGuard: 'noPendingExtension',
    });
    expect(decide('dispatch', facts(), null)).toEqual({ ok: false, reason: 'forbidden' });
  });

  it('scopes co-handler and district actions to their units', () => {
    expect(decide('co_report', facts({ status: 'in_progress' }), actor('department_staff', CO)).ok).toBe(true);
    expect(decide('co_report', facts({ status: 'in_progress' }), actor('department_staff', LEAD)).ok).toBe(false);
    expect(decide('reassign', facts({ status: 'escalated' }), actor('district_supervisor', DISTRICT)).ok).toBe(true);
    expect(decide('reassign', facts({ status: 'escalated' }), actor('district_supervisor', 2)).ok).toBe(false);
  });

  it('allows re-handling only after an unsolved or dissatisfied valid callback', () => {
    const cb = actor('callback_agent');
    const after = (solved: boolean, satisfaction: string) => facts({ status: 'called_back', lastCallback: { valid: true, solved, satisfaction } });
    expect(allowedActions(after(true, 'satisfied'), cb)).toEqual(['close']);
    expect(allowedActions(after(false, 'basically_satisfied'), cb)).toEqual(['reopen', 'close']);
    expect(allowedActions(after(true, 'dissatisfied'), cb)).toEqual(['reopen', 'close']);
  });

  it('lists the actions each role has on a received order', () => {
    expect(allowedActions(facts(), actor('intake_agent'))).toEqual(['answer', 'decline', 'merge', 'recategorize']);
    expect(allowedActions(facts(), actor('dispatcher'))).toEqual(['answer', 'decline', 'dispatch', 'merge', 'recategorize']);
    expect(allowedActions(facts(), actor('hotline_supervisor'))).toEqual(['supervise', 'recategorize']);
    expect(allowedActions(facts(), actor('citizen'))).toEqual([]);
  });

  it('accepts only the targets the table names', () => {
    expect(targetAllowed('callback', 'awaiting_callback', 'called_back')).toBe(true);
    expect(targetAllowed('callback', 'awaiting_callback', 'awaiting_callback')).toBe(true);
    expect(targetAllowed('callback', 'awaiting_callback', 'closed')).toBe(false);
    expect(targetAllowed('supervise', 'signed', 'signed')).toBe(true);
    expect(targetAllowed('supervise', 'signed', 'closed')).toBe(false);
  });
});
