import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { actOk, expectError, intake, orderIn } from '../support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('command-centre counts', () => {
  it('counts visible orders by status, open and received today', async () => {
    const before = (await t.get('/api/work-orders/stats', 'supervisor')).body;
    await intake(t);
    await orderIn(t, 'dispatched');
    const after = (await t.get('/api/work-orders/stats', 'supervisor')).body;
    expect(after.total).toBe(before.total + 2);
    expect(after.byStatus.received).toBe(before.byStatus.received + 1);
    expect(after.byStatus.dispatched).toBe(before.byStatus.dispatched + 1);
    expect(after.open).toBe(before.open + 2);
    expect(after.receivedToday).toBe(before.receivedToday + 2);
    // A street sees only its share.
    const street = (await t.get('/api/work-orders/stats', 'hepingli')).body;
    expect(street.total).toBeLessThan(after.total);
    expectError(await t.get('/api/work-orders/stats', null), 401, 'unauthenticated');
  });

  it('lists as overdue only orders that are overdue now', async () => {
    const o = await intake(t);
    t.advance(25 * 3600_000);
    await t.post('/api/deadlines/sweep', {}, 'supervisor');
    const late = await t.get('/api/work-orders?overdue=true&pageSize=200', 'supervisor');
    expect(late.body.items.map((i: { id: number }) => i.id)).toContain(o.id);
    await actOk(t, o.id, 'decline', { reason: 'outside_duty' }, 'dispatcher');
    const after = await t.get('/api/work-orders?overdue=true&pageSize=200', 'supervisor');
    expect(after.body.items.map((i: { id: number }) => i.id)).not.toContain(o.id);
  });
});

describe('public divisions', () => {
  it('lists districts, streets and communities without a session, but not departments', async () => {
    const streets = await t.get('/api/units?kind=street', null);
    expect(streets.status).toBe(200);
    expect(streets.body.items.length).toBe(17);
    expectError(await t.get('/api/units?kind=department', null), 401, 'unauthenticated');
    expectError(await t.get('/api/units', null), 401, 'unauthenticated');
  });
});

describe('merge by code', () => {
  it('merges into the order a code names, and refuses an unknown code or both forms', async () => {
    const first = await intake(t);
    const second = await intake(t);
    expectError(await t.post(`/api/work-orders/${second.id}/merge`, { version: second.version, intoCode: 'GD20990101999999' }, 'dispatcher'), 404, 'not_found');
    expectError(await t.post(`/api/work-orders/${second.id}/merge`, { version: second.version, intoCode: first.code, intoOrderId: first.id }, 'dispatcher'), 400, 'validation_failed');
    expectError(await t.post(`/api/work-orders/${second.id}/merge`, { version: second.version, intoCode: second.code }, 'dispatcher'), 400, 'validation_failed');
    const merged = await actOk(t, second.id, 'merge', { intoCode: first.code }, 'dispatcher');
    expect(merged.status).toBe('merged');
    expect(merged.mergedInto.code).toBe(first.code);
  });
});
