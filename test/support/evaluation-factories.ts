import { expect } from 'vitest';
import type { TestApp } from './test-app.ts';
import { actOk, intake, STAFF_OF } from './factories.ts';

export type CallbackAnswer = { valid?: boolean; contacted: boolean; solved: boolean; satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied' };

export const SAT: CallbackAnswer = { contacted: true, solved: true, satisfaction: 'satisfied' };
export const BASIC: CallbackAnswer = { contacted: true, solved: true, satisfaction: 'basically_satisfied' };
export const UNSOLVED: CallbackAnswer = { contacted: true, solved: false, satisfaction: 'dissatisfied' };
export const SILENT: CallbackAnswer = { contacted: false, solved: false, satisfaction: 'dissatisfied' };

/** An order led by `leadCode` (co-handled by `co`), walked to its first callback with the given answers. */
export async function calledBack(t: TestApp, leadCode: string, answer: CallbackAnswer, co: string[] = [], intakeWith: Record<string, unknown> = {}): Promise<any> {
  const o = await intake(t, intakeWith);
  const staff = STAFF_OF[leadCode];
  await actOk(t, o.id, 'dispatch', { leadUnitId: await t.unitId(leadCode), coHandlerUnitIds: await Promise.all(co.map((c) => t.unitId(c))) }, 'dispatcher');
  await actOk(t, o.id, 'sign', {}, staff);
  await actOk(t, o.id, 'contact', {}, staff);
  await actOk(t, o.id, 'feedback', { result: '已处理', solved: true }, staff);
  return actOk(t, o.id, 'callback', { valid: true, ...answer }, 'callback');
}

/** Reopens a called-back order and walks it to a second callback. */
export async function reopenAndCallBack(t: TestApp, orderId: number, staff: string, answer: CallbackAnswer): Promise<any> {
  await actOk(t, orderId, 'reopen', { reason: '诉求人不满意，重新办理' }, 'callback');
  await actOk(t, orderId, 'feedback', { result: '再次处理', solved: true }, staff);
  return actOk(t, orderId, 'callback', { valid: true, ...answer }, 'callback');
}

export async function score(t: TestApp, unitCode: string, period: string, as = 'supervisor'): Promise<any> {
  const r = await t.get(`/api/evaluation/scores?period=${period}&unitId=${await t.unitId(unitCode)}`, as);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

export async function callbackIdOf(t: TestApp, orderId: number, round = 1): Promise<number> {
  const r = await t.db.query<{ id: number }>('select id from callbacks where order_id = $1 and round = $2', [orderId, round]);
  return Number(r.rows[0].id);
}

/** The default policy's rules with some fields replaced. */
export function rules(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    weights: { response: 0.1, resolution: 0.5, satisfaction: 0.4 },
    basicallySatisfiedCredit: 0.9,
    periodStartDay: 1,
    counting: { removeApprovedExclusions: true, excludeNotDispatched: true, mergedCountedOnce: true, reopenRule: 'last_valid_in_period' },
    coHandlerShare: 0,
    minimumVolume: 5,
    lagging: { bottomCount: 3, belowScore: 60 },
    appealWindowDays: 10,
    whistleWeight: 0,
    ...patch,
  };
}
