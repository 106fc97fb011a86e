import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-app.ts';
import { DEMO, actOk, intake } from '../../support/factories.ts';

/*
 * A merge joins two orders that may lie with different units. Here the surviving order is in
 * 东华门's territory and led by the city-management bureau; the merged one was filed in 和平里.
 * 和平里 may read its own merged order, but not the result of an order it has no part in.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('a merge reference names the other order but shows its state and result only to who may see that order', async () => {
  const chengguan = await t.unitId(DEMO.departments.chengguan);
  let first = await intake(t);
  first = await actOk(t, first.id, 'dispatch', { leadUnitId: chengguan }, 'dispatcher');
  const second = await intake(t, { location: { streetId: await t.unitId(DEMO.streets.hepingli), address: '和平里东街1号' } });
  await actOk(t, second.id, 'merge', { intoOrderId: first.id, note: '同一事件' }, 'agent');
  for (const [action, body, as] of [
    ['sign', {}, 'chengguan'],
    ['contact', {}, 'chengguan'],
    ['feedback', { result: '已约谈商户并清理占道', solved: true }, 'chengguan'],
    ['callback', { valid: true, contacted: true, solved: true, satisfaction: 'satisfied' }, 'callback'],
    ['close', {}, 'callback'],
  ] as const) await actOk(t, first.id, action, body, as);

  // who can see what, independently of the merge
  expect((await t.get(`/api/work-orders/${first.id}`, 'hepingli')).status).toBe(404);
  expect((await t.get(`/api/work-orders/${second.id}`, 'chengguan')).status).toBe(404);

  const asHepingli = (await t.get(`/api/work-orders/${second.id}`, 'hepingli')).body;
  expect(asHepingli.status).toBe('merged');
  expect(asHepingli.mergedInto).toMatchObject({ id: first.id, code: first.code, visible: false });
  expect(asHepingli.mergedInto.feedback_text ?? null).toBeNull();
  expect(asHepingli.mergedInto.status ?? null).toBeNull();
  expect(asHepingli.mergedInto.closed_at ?? null).toBeNull();
  expect(JSON.stringify(asHepingli)).not.toContain('已约谈商户');

  const asCentre = (await t.get(`/api/work-orders/${second.id}`, 'supervisor')).body;
  expect(asCentre.mergedInto).toMatchObject({ id: first.id, visible: true, status: 'closed', feedback_text: '已约谈商户并清理占道' });

  const asLead = (await t.get(`/api/work-orders/${first.id}`, 'chengguan')).body;
  expect(asLead.mergedFrom).toEqual([{ id: second.id, code: second.code, visible: false, status: null }]);
  expect((await t.get(`/api/work-orders/${first.id}`, 'supervisor')).body.mergedFrom).toEqual([{ id: second.id, code: second.code, visible: true, status: 'merged' }]);
});
