import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-app.ts';
import { buildApp } from '../../../src/server/app.ts';
import { silentLogger } from '../../../src/server/lib/ctx.ts';

/*
 * Two apps on one database stand for two server processes behind a balancer: each has its own
 * guards. The sign-in allowance (5 wrong passwords per account, then a lock) is the account's, not
 * each process's: 3 misses on one and 2 on the other lock it on both.
 */
let t: TestApp;
let other: ReturnType<typeof buildApp>;
beforeAll(async () => {
  t = await createTestApp();
  other = buildApp({ db: t.db, now: t.now, log: silentLogger, sessionHours: 24, webDir: null });
});
afterAll(() => t.close());

const signIn = (app: { request: ReturnType<typeof buildApp>['request'] }, password: string) =>
  app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dispatcher', password }) });

it('wrong passwords counted on two processes add up to one lock, seen by both', async () => {
  for (const app of [t.app, t.app, t.app, other, other]) expect((await signIn(app, 'not-the-password-1')).status).toBe(401);
  const right = 'demo-dispatcher-2026';
  for (const app of [t.app, other]) {
    const r = await signIn(app, right);
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  }
  t.advance(31_000); // the first lock is 30 s
  expect((await signIn(other, right)).status).toBe(200);
});
