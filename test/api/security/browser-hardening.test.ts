import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-app.ts';
import { buildApp } from '../../../src/server/app.ts';
import { silentLogger } from '../../../src/server/lib/ctx.ts';
import { intake } from '../../support/factories.ts';

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await createTestApp();
  const r = await t.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'supervisor', password: 'demo-supervisor-2026' }) });
  cookie = /sb_session=[^;]+/.exec(r.headers.get('set-cookie') ?? '')![0];
});
afterAll(() => t.close());

const post = (path: string, headers: Record<string, string>) => t.app.request(`http://shaobao.test${path}`, { method: 'POST', headers: { host: 'shaobao.test', ...headers } });

describe('CSRF: unsafe cookie requests must come from our own pages', () => {
  it('refuses a form post from another origin or another site, with the cookie', async () => {
    for (const h of <Record<string, string>[]>[
      { origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      { origin: 'http://shaobao.test:8080' }, // same site, another origin (another port)
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site', origin: 'http://shaobao.test' },
      { origin: 'null' },
    ]) {
      const r = await post('/api/deadlines/sweep', { cookie, ...h });
      expect(r.status, JSON.stringify(h)).toBe(403);
      expect(((await r.json()) as { code: string }).code).toBe('csrf_refused');
    }
  });

  it('lets our own pages through, and bearer tokens whatever their origin', async () => {
    expect((await post('/api/deadlines/sweep', { cookie, origin: 'http://shaobao.test', 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await post('/api/deadlines/sweep', { cookie })).status).toBe(200); // a non-browser client with a cookie
    const token = (await (await t.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'supervisor', password: 'demo-supervisor-2026' }) })).json() as { token: string }).token;
    expect((await post('/api/deadlines/sweep', { authorization: `Bearer ${token}`, origin: 'http://evil.example' })).status).toBe(200);
  });
});

describe('security headers', () => {
  it('every answer: CSP without inline script, frame-ancestors, nosniff, Referrer-Policy; the API: no-store', async () => {
    const r = await t.app.request('/api/auth/me', { headers: { cookie } });
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:/); // nothing from another host
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('referrer-policy')).toBe('same-origin');
    expect(r.headers.get('cache-control')).toBe('no-store');
    // errors too
    const e = await t.app.request('/api/work-orders/1');
    expect(e.status).toBe(401);
    expect(e.headers.get('cache-control')).toBe('no-store');
    expect(e.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('the session cookie is Secure behind an HTTPS proxy only when the proxy is trusted', async () => {
    const login = (app: ReturnType<typeof buildApp>) =>
      app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' }, body: JSON.stringify({ username: 'agent', password: 'demo-agent-2026' }) });
    const trusted = buildApp({ db: t.db, now: t.now, log: silentLogger, sessionHours: 1, webDir: null, trustProxy: true });
    const r = await login(trusted);
    expect(r.headers.get('set-cookie')).toMatch(/; Secure/);
    expect(r.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect((await login(t.app)).headers.get('set-cookie')).not.toMatch(/Secure/);
  });

  it('attachments: a sandboxed download that cannot run as a page', async () => {
    const PDF = Buffer.from('%PDF-1.4 <html><script>alert(1)</script>').toString('base64');
    const o = await intake(t, { attachments: [{ name: 'x"\r\n.pdf', mime: 'application/pdf', contentBase64: PDF }] });
    const d = await t.get(`/api/work-orders/${o.id}`, 'agent');
    const a = await t.app.request(`/api/work-orders/${o.id}/attachments/${d.body.attachments[0].id}`, { headers: { cookie } });
    expect(a.status).toBe(200);
    expect(a.headers.get('content-security-policy')).toContain('sandbox');
    expect(a.headers.get('x-content-type-options')).toBe('nosniff');
    expect(a.headers.get('content-disposition')).toMatch(/^attachment; filename="x___\.pdf"/);

  });

  it('/api/docs is served from the package, with no script from another host and none inline', async () => {
    const page = await (await t.app.request('/api/docs')).text();
    expect(page).toContain('/api/docs/swagger-ui-bundle.js');
    expect(page).not.toMatch(/https?:\/\//);
    expect(page).not.toMatch(/<script>[^<]/);
    const js = await t.app.request('/api/docs/swagger-ui-bundle.js');
    expect(js.status).toBe(200);
    expect((await js.text()).length).toBeGreaterThan(100_000);
    expect((await t.app.request('/api/docs/init.js')).status).toBe(200);
    expect((await t.app.request('/api/docs/swagger-ui.css')).status).toBe(200);
  });
});
