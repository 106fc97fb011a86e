import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, act, expectError, intake, orderAt, rawRequest, snapshot, tableCounts } from '../support/factories.ts';

let t: TestApp;
let streetId: number;
beforeAll(async () => {
  t = await createTestApp();
  streetId = await t.unitId(DEMO.streets.donghuamen);
});
afterAll(() => t.close());

const body = (over: Record<string, unknown> = {}) => ({
  channel: 'phone',
  requestType: 'complaint',
  title: '夜间施工噪音',
  text: '小区旁工地每晚十一点后仍在施工，严重影响休息。',
  location: { streetId, address: '东华门大街8号' },
  requester: { name: '赵六', phone: '13912345678' },
  ...over,
});
const submit = (b: unknown, key?: string, as = 'agent') => t.post('/api/work-orders', b, as, key ? { 'idempotency-key': key } : {});
let keyNo = 0;
const newKey = () => `intake-test-key-${++keyNo}-${Date.now()}`;

describe('idempotent intake', () => {
  it('the same key and body twice make one order; the replay is 200 with Idempotent-Replayed', async () => {
    const key = newKey();
    const before = await tableCounts(t);
    const first = await submit(body(), key);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    // The same request with its keys in another order is the same request.
    const { requester, location, ...rest } = body();
    const second = await submit({ requester, location, ...rest }, key);
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toMatchObject({ id: first.body.id, code: first.body.code });
    const after = await tableCounts(t);
    expect(after).toMatchObject({ orders: before.orders + 1, events: before.events + 1, keys: before.keys + 1 });
  });

  it('the same key with a different body → 422 idempotency_key_reused, nothing written', async () => {
    const key = newKey();
    const first = await submit(body(), key);
    const before = await tableCounts(t);
    const r = await submit(body({ title: '另一件事' }), key);
    expectError(r, 422, 'idempotency_key_reused');
    expect(await tableCounts(t)).toEqual(before);
    expect((await t.get(`/api/work-orders/${first.body.id}`, 'agent')).body.title).toBe('夜间施工噪音');
  });

  it('five concurrent submissions with one key make exactly one order', async () => {
    const key = newKey();
    const before = await tableCounts(t);
    const rs = await Promise.all(Array.from({ length: 5 }, () => submit(body({ title: '并发提交' }), key)));
    expect(rs.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(rs.map((r) => r.body.id)).size).toBe(1);
    expect(await tableCounts(t)).toMatchObject({ orders: before.orders + 1, events: before.events + 1, keys: before.keys + 1 });
    const rows = await t.db.query(`select id from work_orders where title = '并发提交'`);
    expect(rows.rows).toHaveLength(1);
  });

  it('a key is scoped to the user who sent it', async () => {
    const key = newKey();
    const a = await submit(body(), key, 'agent');
    const b = await submit(body(), key, 'dispatcher');
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);
  });
});

describe('bad input is refused with a stable code and changes nothing', () => {
  const cases: [string, () => Promise<unknown> | unknown, number, string, string?][] = [
    ['title as a number', () => body({ title: 42 }), 400, 'validation_failed', 'title'],
    ['missing text', () => { const { text: _t, ...b } = body(); return b; }, 400, 'validation_failed', 'text'],
    ['a blank title', () => body({ title: '   ' }), 400, 'validation_failed', 'title'],
    ['text of 5001 characters', () => body({ text: '噪'.repeat(5001) }), 400, 'validation_failed', 'text'],
    ['an unknown request type', () => body({ requestType: 'rant' }), 400, 'validation_failed', 'requestType'],
    ['an unknown urgency', () => body({ urgency: 'whenever' }), 400, 'validation_failed', 'urgency'],
    ['an unknown field', () => body({ priority: 1 }), 400, 'validation_failed'],
    ['a malformed phone number', () => body({ requester: { phone: 'call me' } }), 400, 'validation_failed', 'requester.phone'],
    ['six attachments', () => body({ attachments: Array.from({ length: 6 }, (_, i) => ({ name: `${i}.txt`, mime: 'text/plain', contentBase64: 'aGk=' })) }), 400, 'validation_failed', 'attachments'],
    ['an unknown street id', () => body({ location: { streetId: 999999 } }), 400, 'validation_failed'],
    ['a community id in streetId', async () => body({ location: { streetId: await t.unitId(DEMO.community) } }), 400, 'validation_failed'],
    ['a 和平里 street with a 东华门 community', async () => body({ location: { streetId: await t.unitId(DEMO.streets.hepingli), communityId: await t.unitId(DEMO.community) } }), 400, 'validation_failed'],
    ['a 东华门 grid in 和平里', async () => body({ location: { gridId: await t.unitId(DEMO.grid), streetId: await t.unitId(DEMO.streets.hepingli) } }), 400, 'validation_failed'],
    ['malformed JSON', () => '{"channel": "phone", "title": ', 400, 'bad_request'],
    ['an empty body', () => '', 400, 'bad_request'],
  ];

  it.each(cases)('%s → %i %s', async (_name, make, status, code, field) => {
    const before = await tableCounts(t);
    const r = await submit(await make(), newKey());
    expectError(r, status, code);
    if (field) expect(r.body.details.issues.map((i: any) => i.path)).toContain(field);
    expect(await tableCounts(t)).toEqual(before);
  });

  it('location errors name the offending field', async () => {
    const r = await submit(body({ location: { streetId: await t.unitId(DEMO.streets.hepingli), communityId: await t.unitId(DEMO.community) } }));
    expect(r.body.details.field).toMatch(/^location\./);
  });

  it('staff outside the centre cannot take in requests, and citizens only through the portal and its channels', async () => {
    const before = await tableCounts(t);
    expectError(await submit(body(), undefined, 'donghuamen'), 403, 'forbidden');
    expectError(await submit(body(), undefined, 'callback'), 403, 'forbidden');
    expectError(await submit(body({ channel: 'web' }), undefined, 'citizen'), 403, 'forbidden');
    const r = await t.post('/api/portal/requests', { channel: 'phone', requestType: 'complaint', title: '噪音', text: '夜间施工噪音。' }, 'citizen');
    expectError(r, 400, 'validation_failed');
    expect(r.body.details.issues[0].path).toBe('channel');
    expect(await tableCounts(t)).toEqual(before);
  });

  it('an unknown order id → 404 on read and on every action', async () => {
    const before = await tableCounts(t);
    expectError(await t.get('/api/work-orders/987654', 'supervisor'), 404, 'not_found');
    expectError(await t.post('/api/work-orders/987654/dispatch', { version: 1, leadUnitId: streetId }, 'dispatcher'), 404, 'not_found');
    expectError(await t.post('/api/work-orders/987654/close', { version: 1 }, 'callback'), 404, 'not_found');
    expectError(await t.get('/api/work-orders/not-a-number', 'supervisor'), 400, 'validation_failed');
    expectError(await t.get('/api/no-such-route', 'supervisor'), 404, 'not_found');
    expect(await tableCounts(t)).toEqual(before);
  });

  it.each([
    ['lead', 'leadUnitId'],
    ['co-handler', 'coHandlerUnitIds'],
  ])('an unknown %s unit in dispatch → 404, nothing changed', async (_what, field) => {
    const o = await intake(t);
    const input = field === 'leadUnitId' ? { leadUnitId: 999999 } : { leadUnitId: streetId, coHandlerUnitIds: [999999] };
    const before = [await snapshot(t, o.id), await tableCounts(t)];
    const r = await act(t, o.id, 'dispatch', input, 'dispatcher');
    expectError(r, 404, 'not_found');
    expect(r.body.details.field).toBe(field);
    expect([await snapshot(t, o.id), await tableCounts(t)]).toEqual(before);
  });

  it('an action in the wrong state → 409 invalid_transition; with a stale version → 409 version_conflict', async () => {
    const o = await orderAt(t, 'signed');
    const before = await snapshot(t, o.id);
    expectError(await t.post(`/api/work-orders/${o.id}/sign`, { version: o.version }, 'donghuamen'), 409, 'invalid_transition');
    const stale = await t.post(`/api/work-orders/${o.id}/contact`, { version: o.version - 1 }, 'donghuamen');
    expectError(stale, 409, 'version_conflict');
    expect(stale.body.details).toEqual({ expected: o.version - 1, actual: o.version });
    expectError(await t.post(`/api/work-orders/${o.id}/contact`, { version: 'latest' }, 'donghuamen'), 400, 'validation_failed');
    expectError(await t.post(`/api/work-orders/${o.id}/contact`, { method: 'phone' }, 'donghuamen'), 400, 'validation_failed');
    expect(await snapshot(t, o.id)).toEqual(before);
  });

  it('messages follow the requested language; the code does not', async () => {
    const r = await t.call('GET', '/api/work-orders/987654', undefined, 'supervisor', { 'x-locale': 'zh-CN' });
    expectError(r, 404, 'not_found');
    expect(r.body.message).toMatch(/工单/);
  });
});

describe('attachments', () => {
  // A 1×1 PNG.
  const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

  it('a small image is stored with the order and downloads byte for byte, only for those who see the order', async () => {
    const r = await submit(body({ attachments: [{ name: '现场照片.png', mime: 'image/png', contentBase64: PNG }] }));
    expect(r.status).toBe(201);
    const d = (await t.get(`/api/work-orders/${r.body.id}`, 'agent')).body;
    const bytes = Buffer.from(PNG, 'base64');
    expect(d.attachments).toMatchObject([{ kind: 'image', name: '现场照片.png', mime: 'image/png', size: bytes.length }]);
    const url = `/api/work-orders/${r.body.id}/attachments/${d.attachments[0].id}`;
    const file = await rawRequest(t, url, 'agent');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-disposition')).toContain(encodeURIComponent('现场照片.png'));
    expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await rawRequest(t, url, 'hepingli')).status).toBe(404);
    expect((await rawRequest(t, `/api/work-orders/${r.body.id}/attachments/999999`, 'agent')).status).toBe(404);
  });

  it.each([
    ['just over 2 MB', () => Buffer.alloc(2 * 1024 * 1024 + 1, 7).toString('base64'), 'attachments.0.contentBase64'],
    ['3 MB', () => Buffer.alloc(3 * 1024 * 1024, 7).toString('base64'), 'attachments.0.contentBase64'],
    ['empty', () => '', 'attachments.0.contentBase64'],
  ])('an attachment %s is refused and nothing is stored', async (_what, content, field) => {
    const before = await tableCounts(t);
    const r = await submit(body({ attachments: [{ name: 'big.jpg', mime: 'image/jpeg', contentBase64: content() }] }));
    expectError(r, 400, 'validation_failed');
    const fields = [r.body.details.field, ...(r.body.details.issues ?? []).map((i: any) => i.path)];
    expect(fields).toContain(field);
    expect(await tableCounts(t)).toEqual(before);
  });

  it('a body over the 15 MB limit → 413 payload_too_large', async () => {
    const before = await tableCounts(t);
    const r = await submit(body({ text: 'x'.repeat(16 * 1024 * 1024) }));
    expectError(r, 413, 'payload_too_large');
    expect(await tableCounts(t)).toEqual(before);
  });
});
