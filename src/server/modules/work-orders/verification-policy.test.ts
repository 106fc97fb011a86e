import { describe, expect, it } from 'vitest';
import { verificationPending } from './verification-policy.ts';
import { decide, type OrderFacts } from './work-order-workflow.ts';
import type { Actor } from '../../lib/ctx.ts';

const at = (s: string) => new Date(`2026-03-02T${s}:00Z`);

describe('核查 before close', () => {
  it('is pending for a grid report with feedback until a confirmation at or after that feedback', () => {
    expect(verificationPending({ channel: 'grid', feedback_at: at('10:00'), verified_at: null })).toBe(true);
    expect(verificationPending({ channel: 'grid', feedback_at: at('10:00'), verified_at: at('09:59') })).toBe(true);
    expect(verificationPending({ channel: 'grid', feedback_at: at('10:00'), verified_at: at('10:00') })).toBe(false);
    expect(verificationPending({ channel: 'grid', feedback_at: null, verified_at: null })).toBe(false);
    expect(verificationPending({ channel: 'phone', feedback_at: at('10:00'), verified_at: null })).toBe(false);
  });

  it('the close guard refuses while pending; only the grid member of the order’s grid may verify', () => {
    const facts: OrderFacts = {
      status: 'called_back', leadUnitId: 5, coHandlerUnitIds: [], districtId: 1, excluded: false, pendingExtension: false, pendingExclusion: false,
      lastCallback: { valid: true, solved: true, satisfaction: 'satisfied' }, gridId: 42, requesterUserId: 7, verificationPending: true,
    };
    const who = (role: Actor['grants'][number]['role'], unitId: number | null, userId = 1): Actor => ({ userId, username: 'u', displayName: 'u', kind: role === 'citizen' ? 'citizen' : 'staff', locale: 'zh-CN', grants: [{ role, unitId, unitPath: null, districtId: null }] });
    expect(decide('close', facts, who('callback_agent', 3))).toEqual({ ok: false, reason: 'invalid_transition', failedGuard: 'verifiedWhenRequired' });
    expect(decide('close', { ...facts, verificationPending: false }, who('callback_agent', 3)).ok).toBe(true);
    expect(decide('verify', facts, who('grid_member', 42)).ok).toBe(true);
    expect(decide('verify', facts, who('grid_member', 43))).toEqual({ ok: false, reason: 'forbidden' });
    // the requester scope is the person, not a unit
    expect(decide('reopen', { ...facts, lastCallback: { valid: true, solved: false, satisfaction: 'dissatisfied' } }, who('citizen', null, 7)).ok).toBe(true);
    expect(decide('reopen', { ...facts, lastCallback: { valid: true, solved: false, satisfaction: 'dissatisfied' } }, who('citizen', null, 8))).toEqual({ ok: false, reason: 'forbidden' });
  });
});
