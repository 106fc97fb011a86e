import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Res, type TestApp } from '../../support/test-app.ts';
import { buildApp } from '../../../src/server/app.ts';
import { silentLogger } from '../../../src/server/lib/ctx.ts';
import { DEMO, expectError, intake } from '../../support/factories.ts';

let t: TestApp;
// The same database behind a trusted proxy, so each request can come from its own address.
let proxied: ReturnType<typeof buildApp>;
beforeAll(async () => {
  t = await createTestApp();
  proxied = buildApp({ db: t.db, now: t.now, log: silentLogger, sessionHours: 24, webDir: null, trustProxy: true });
});
afterAll(() => t.close());

const MIN = 60_000;
async function from(ip: string, method: string, path: string, body?: unknown): Promise<Res> {
  const r = await proxied.request(path, {
    method,
    headers: { 'content-type': 'application/json', 'x-locale': 'en', 'x-forwarded-for': `10.9.9.9, ${ip}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: await r.json(), headers: r.headers };
}
const login = (username: string, password: string, ip = '198.51.100.1') => from(ip, 'POST', '/api/auth/login', { username, password });

describe('login: per-account and per-address back-off', () => {
  it('after 5 wrong passwords the account answers 429 with Retry-After, even for the right password, until the wait is over', async () => {
    for (let i = 0; i < 5; i++) expectError(await login('callback', `guess-${i}`), 401, 'invalid_credentials');
    const locked = await login('callback', 'guess-5');
    expectError(locked, 429, 'too_many_requests');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expectError(await login('callback', 'demo-callback-2026'), 429, 'too_many_requests');
    t.advance(31_000);
    // one more miss doubles the wait
    expectError(await login('callback', 'guess-6'), 401, 'invalid_credentials');
    const longer = await login('callback', 'demo-callback-2026');
    expectError(longer, 429, 'too_many_requests');
    expect(Number(longer.headers.get('retry-after'))).toBeGreaterThan(31);
    t.advance(2 * MIN);
    expect((await login('callback', 'demo-callback-2026')).status).toBe(200);
  });

  it('the failures, the lock and the success are in the security log, which only the admin reads', async () => {
    const log = await t.get('/api/security-events?username=callback', 'admin');
    expect(log.status).toBe(200);
    const types = log.body.items.map((e: { type: string }) => e.type);
    expect(types.filter((x: string) => x === 'login_failed')).toHaveLength(6);
    expect(log.body.items[0]).toMatchObject({ type: 'login', ip: '198.51.100.1' });
    expect(types).toContain('login_throttled');
    expect(types[0]).toBe('login');
    expect(JSON.stringify(log.body)).not.toContain('demo-callback-2026');
    expect(JSON.stringify(log.body)).not.toContain('guess-');
    expectError(await t.get('/api/security-events', 'supervisor'), 403, 'forbidden');
    expectError(await t.get('/api/security-events', null), 401, 'unauthenticated');
  });

  it('one address guessing across many accounts is locked after 20 misses; other addresses are not', async () => {
    const ip = '203.0.113.9';
    const users = ['agent', 'dispatcher', 'supervisor', 'donghuamen', 'hepingli', 'tiantan', 'chengguan', 'zhujian', 'shijian', 'water'];
    for (let i = 0; i < 20; i++) expectError(await login(users[i % users.length], `nope-${i}`, ip), 401, 'invalid_credentials');
    expectError(await login('district', 'demo-district-2026', ip), 429, 'too_many_requests');
    expect((await login('district', 'demo-district-2026', '203.0.113.10')).status).toBe(200);
    t.advance(16 * MIN);
  });
});

describe('portal tracking takes the code and the tracking secret', () => {
  it('the secret opens the request; the phone number does not; a wrong secret locks the code after 5 tries', async () => {
    const streetId = await t.unitId(DEMO.streets.hepingli);
    const filed = await t.post('/api/portal/requests', { requestType: 'complaint', title: '楼道堆物', text: '楼道内长期堆放杂物。', location: { streetId }, requester: { phone: '13600005555' } }, null);
    expect(filed.status).toBe(201);
    const { code, trackingSecret } = filed.body;
    expect(trackingSecret).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    const track = (q: string, ip = '192.0.2.1') => from(ip, 'GET', `/api/portal/requests/${code}?${q}`);
    expect((await track(`secret=${trackingSecret}`)).body).toMatchObject({ code, status: 'received' });
    // typed by a person: lower case, no dash
    expect((await track(`secret=${trackingSecret.toLowerCase().replace('-', '')}`)).status).toBe(200);
    expectError(await track('phone=13600005555'), 404, 'not_found');
    // the phone attempt was the first miss; four more make five
    for (let i = 0; i < 4; i++) expectError(await track(`secret=AAAAA-AAAA${i}`, `192.0.2.${10 + i}`), 404, 'not_found');
    const locked = await track('secret=AAAAA-AAAAZ', '192.0.2.99');
    expectError(locked, 429, 'too_many_requests');
    expect(locked.headers.get('retry-after')).toMatch(/^\d+$/);
    // the lock holds for the code whatever the address, and for the right secret too
    expectError(await track(`secret=${trackingSecret}`, '192.0.2.200'), 429, 'too_many_requests');
    t.advance(61_000);
    expect((await track(`secret=${trackingSecret}`, '192.0.2.201')).status).toBe(200);
  });

  it('a retried filing (same Idempotency-Key) answers the same secret; the console intake answers one too', async () => {
    const body = { requestType: 'inquiry', title: '咨询', text: '咨询居住证办理。', requester: { phone: '13600006666' } };
    const a = await t.post('/api/portal/requests', body, null, { 'idempotency-key': 'retry-key-123456' });
    const b = await t.post('/api/portal/requests', body, null, { 'idempotency-key': 'retry-key-123456' });
    expect(b.status).toBe(200);
    expect(b.body.trackingSecret).toBe(a.body.trackingSecret);
    const o = await intake(t);
    expect(o.trackingSecret).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(o.trackingSecret).not.toBe(a.body.trackingSecret);
    // the hotline can repeat it to a caller who lost it; units and the admin never see it
    expect((await t.get(`/api/work-orders/${o.id}`, 'callback')).body.trackingSecret).toBe(o.trackingSecret);
    for (const u of ['admin', 'donghuamen', 'district']) expect((await t.get(`/api/work-orders/${o.id}`, u)).body.trackingSecret, u).toBeUndefined();
  });

  it('anonymous filing has a quota per phone number and per address', async () => {
    const file = (phone: string, ip: string) => from(ip, 'POST', '/api/portal/requests', { requestType: 'inquiry', title: '咨询', text: '咨询事项。', requester: { phone } });
    for (let i = 0; i < 5; i++) expect((await file('13600007777', `198.18.0.${i}`)).status).toBe(201);
    expectError(await file('13600007777', '198.18.0.99'), 429, 'too_many_requests');
    for (let i = 0; i < 20; i++) expect((await file(`1360000${8000 + i}`, '198.18.1.1')).status).toBe(201);
    const r = await file('13600009999', '198.18.1.1');
    expectError(r, 429, 'too_many_requests');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('only photos, audio, video and PDF whose bytes match their type', async () => {
    const file = (attachments: unknown[]) => t.post('/api/portal/requests', { requestType: 'inquiry', title: '附件', text: '见附件。', requester: { phone: '13600001111' }, attachments }, 'citizen');
    const html = Buffer.from('<script>alert(1)</script>').toString('base64');
    expectError(await file([{ name: 'a.html', mime: 'text/html', contentBase64: html }]), 400, 'validation_failed');
    expectError(await file([{ name: 'a.png', mime: 'image/png', contentBase64: html }]), 400, 'validation_failed');
    expectError(await file([{ name: 'a.svg', mime: 'image/svg+xml', contentBase64: Buffer.from('<svg onload="x()"/>').toString('base64') }]), 400, 'validation_failed');
    const pdf = Buffer.from('%PDF-1.4\n%…').toString('base64');
    expect((await file([{ name: 'a.pdf', mime: 'application/pdf', contentBase64: pdf }])).status).toBe(201);
  });
});
