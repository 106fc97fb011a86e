import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { actOk, DEMO, expectError, intake, rawRequest } from '../support/factories.ts';

let t: TestApp;
let street: number;
let water: number;
beforeAll(async () => {
  t = await createTestApp();
  street = await t.unitId(DEMO.streets.donghuamen);
  water = await t.unitId(DEMO.departments.water);
});
afterAll(() => t.close());

describe('queue rows carry their clock and markers', () => {
  it('gives the warning time as the policy fraction of the stage, and the held clock of a disputed order', async () => {
    const o = await intake(t, { urgency: 'general' });
    const list = (await t.get(`/api/work-orders?queue=all&channel=phone&pageSize=200`, 'dispatcher')).body;
    const row = list.items.find((i: { id: number }) => i.id === o.id);
    const policy = (await t.db.query<{ warn_fraction: number }>('select sp.warn_fraction from work_orders o join sla_policies sp on sp.id = o.sla_policy_id where o.id = $1', [o.id])).rows[0];
    const received = Date.parse(row.receivedAt);
    const due = Date.parse(row.due.at);
    expect(row.due.stage).toBe('dispatch');
    expect(Date.parse(row.due.warnAt)).toBe(Math.round(received + (due - received) * policy.warn_fraction));
    expect(row).toMatchObject({ supervised: false, reopenCount: 0 });

    await actOk(t, o.id, 'dispatch', { leadUnitId: street }, 'dispatcher');
    await actOk(t, o.id, 'sign', {}, 'donghuamen');
    await actOk(t, o.id, 'dispute', { reason: '不属于本街道职责' }, 'donghuamen');
    const held = (await t.get(`/api/work-orders?queue=all&status=disputed&pageSize=200`, 'supervisor')).body.items.find((i: { id: number }) => i.id === o.id);
    const detail = (await t.get(`/api/work-orders/${o.id}`, 'supervisor')).body;
    expect(held.due).toMatchObject({ stage: 'first_contact', waitingFor: 'dispute' });
    expect(held.due.at).toBe(detail.due.firstContact);
  });

  it('filters by channel and by lead unit', async () => {
    const web = await intake(t, { channel: 'sms' });
    const led = await intake(t);
    await actOk(t, led.id, 'dispatch', { leadUnitId: water }, 'dispatcher');
    const sms = (await t.get('/api/work-orders?queue=all&channel=sms&pageSize=200', 'dispatcher')).body.items.map((i: { id: number }) => i.id);
    expect(sms).toContain(web.id);
    expect(sms).not.toContain(led.id);
    const byLead = (await t.get(`/api/work-orders?queue=all&leadUnitId=${water}&pageSize=200`, 'dispatcher')).body.items;
    expect(byLead.map((i: { id: number }) => i.id)).toContain(led.id);
    expect(byLead.every((i: { leadUnitName: string }) => i.leadUnitName === byLead[0].leadUnitName)).toBe(true);
  });
});

describe('bulk dispatch', () => {
  it('dispatches each row in its own transaction and reports a stale version on its row only', async () => {
    const a = await intake(t);
    const b = await intake(t);
    const r = await t.post('/api/work-orders/bulk', { action: 'dispatch', leadUnitId: street, orders: [{ id: a.id, version: a.version }, { id: b.id, version: b.version + 5 }] }, 'dispatcher');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.results[0]).toMatchObject({ id: a.id, ok: true, status: 'dispatched' });
    expect(r.body.results[1]).toMatchObject({ id: b.id, ok: false, error: { code: 'version_conflict' } });
    expect((await t.get(`/api/work-orders/${b.id}`, 'supervisor')).body.status).toBe('received');
  });

  it('refuses a row the caller may not act on, per row', async () => {
    const a = await intake(t);
    const r = await t.post('/api/work-orders/bulk', { action: 'dispatch', leadUnitId: street, orders: [{ id: a.id, version: a.version }] }, 'agent');
    expect(r.body.results[0]).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('saved views and export', () => {
  it('keeps views per person and refuses a query the queue does not understand', async () => {
    const saved = await t.call('PUT', '/api/queue-views', { name: '紧急未派', query: 'queue=all&status=received&urgency=emergency&sort=due&col=code&dir=asc' }, 'dispatcher');
    expect(saved.status).toBe(200);
    expect((await t.get('/api/queue-views', 'dispatcher')).body.items.map((v: { name: string }) => v.name)).toEqual(['紧急未派']);
    expect((await t.get('/api/queue-views', 'agent')).body.items).toEqual([]);
    expectError(await t.call('PUT', '/api/queue-views', { name: 'x', query: 'urgency=burning' }, 'dispatcher'), 400, 'validation_failed');
    expectError(await t.call('PUT', '/api/queue-views', { name: 'x', query: 'drop=table' }, 'dispatcher'), 400, 'validation_failed');
    expectError(await t.call('DELETE', `/api/queue-views/${saved.body.id}`, undefined, 'agent'), 404, 'not_found');
  });

  it('exports the view with the caller’s visibility and masks phones for those who do not call requesters', async () => {
    const o = await intake(t, { requester: { name: '李四', phone: '13700001234' } });
    await actOk(t, o.id, 'dispatch', { leadUnitId: water }, 'dispatcher');
    const centre = await (await rawRequest(t, '/api/queue-export?queue=all&format=csv&pageSize=200', 'dispatcher')).text();
    const line = centre.split('\r\n').find((l) => l.startsWith(o.code))!;
    expect(line).toContain('13700001234');
    // The street is not the lead unit: it sees the order in its territory, with the phone masked.
    const streetCsv = await (await rawRequest(t, '/api/queue-export?queue=all&format=csv', 'donghuamen')).text();
    const masked = streetCsv.split('\r\n').find((l) => l.startsWith(o.code))!;
    expect(masked).toContain('*******1234');
    expect(masked).not.toContain('13700001234');
    // A department sees none of another's orders.
    const other = await (await rawRequest(t, '/api/queue-export?queue=all&format=csv', 'chengguan')).text();
    expect(other).not.toContain(o.code);
  });
});
