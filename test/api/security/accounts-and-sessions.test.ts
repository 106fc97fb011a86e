import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-app.ts';
import { DEMO, expectError } from '../../support/factories.ts';
import { buildApp } from '../../../src/server/app.ts';
import { silentLogger } from '../../../src/server/lib/ctx.ts';
import { passwordProblem } from '../../../src/server/lib/password-policy.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const user = (username: string, password?: string) =>
  t.post('/api/users', { username, displayName: '测试', ...(password ? { password } : {}), roles: [{ role: 'dispatcher', unitCode: 'HC110000' }] }, 'admin');

describe('password policy', () => {
  it('refuses short, common and trivial passwords; accepts a long one', async () => {
    for (const pw of ['12345678', 'aaaaaaaa', '1234567890', 'password123', 'Password1!', 'aaaaaaaaaaaa', 'weakuser-2026x'])
      expect(passwordProblem(pw, 'weakuser'), pw).not.toBeNull();
    expect(passwordProblem('correct horse battery', 'weakuser')).toBeNull();
    expectError(await user('weak-pw', '12345678'), 400, 'validation_failed');
    expectError(await user('weak-pw', '1234567890'), 400, 'validation_failed');
    expectError(await user('weak-pw', 'weak-pw-is-me'), 400, 'validation_failed');
    expect((await user('strong-pw', 'correct horse battery')).status).toBe(201);
    expectError(await t.post('/api/users/strong-pw/reset-password', { password: 'qwerty123' }, 'admin'), 400, 'validation_failed');
  });

  it('account creation, role grants and resets are in the security log with the admin as actor', async () => {
    expect((await t.post('/api/users/strong-pw/reset-password', {}, 'admin')).status).toBe(200);
    const log = (await t.get('/api/security-events?username=strong-pw', 'admin')).body.items;
    expect(log.map((e: { type: string }) => e.type)).toEqual(['password_reset', 'user_created', 'role_granted']);
    expect(log[0]).toMatchObject({ actor: 'admin', subject: 'strong-pw' });
    expect(log[2].data).toEqual({ role: 'dispatcher', unitCode: 'HC110000' });
  });
});

describe('idle sessions', () => {
  it('a session unused for longer than the idle limit ends; use keeps it alive', async () => {
    const app = buildApp({ db: t.db, now: t.now, log: silentLogger, sessionHours: 12, webDir: null, idleMinutes: 30 });
    const login = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'agent', password: 'demo-agent-2026' }) });
    const { token } = (await login.json()) as { token: string };
    const me = () => app.request('/api/auth/me', { headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < 4; i++) {
      t.advance(20 * 60_000); // 80 minutes in all, never 30 idle
      expect((await me()).status).toBe(200);
    }
    t.advance(31 * 60_000);
    expect((await me()).status).toBe(401);
  });
});

describe('citizens read the administrative divisions only', () => {
  it('departments, enterprises and grids answer 403 in lists and 404 one by one', async () => {
    expectError(await t.get('/api/units?kind=department', 'citizen'), 403, 'forbidden');
    expectError(await t.get('/api/units', 'citizen'), 403, 'forbidden');
    expect((await t.get('/api/units?kind=street', 'citizen')).status).toBe(200);
    expectError(await t.get(`/api/units/${await t.unitId(DEMO.departments.chengguan)}`, 'citizen'), 404, 'not_found');
    expect((await t.get(`/api/units/${await t.unitId(DEMO.streets.hepingli)}`, 'citizen')).status).toBe(200);
    expect((await t.get(`/api/units/${await t.unitId(DEMO.departments.chengguan)}`, 'agent')).status).toBe(200);
  });
});
