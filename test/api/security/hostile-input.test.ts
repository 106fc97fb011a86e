import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-app.ts';
import { expectError, orderAt, snapshot, tableCounts } from '../../support/factories.ts';
import { buildApp } from '../../../src/server/app.ts';
import { silentLogger } from '../../../src/server/lib/ctx.ts';
import { isoDateProblem } from '../../../src/server/http/input-schemas.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const RULES = ['emergency', 'utilities', 'general', 'complex'].flatMap((urgency) =>
  ['dispatch', 'sign', 'first_contact', 'feedback'].map((stage) => ({ urgency, stage, duration: { amount: 2, unit: 'hours' } })),
);

describe('the five causes of 500 answer 4xx and change nothing', () => {
  it('a NUL byte in any string: login, portal filing, intake, query and path', async () => {
    const before = await tableCounts(t);
    expectError(await t.post('/api/auth/login', { username: 'a\u0000', password: 'x' }, null), 400, 'validation_failed');
    expectError(await t.post('/api/portal/requests', { requestType: 'inquiry', title: 'a\u0000b', text: 'x', requester: { phone: '13600000000' } }, null), 400, 'validation_failed');
    expectError(await t.post('/api/work-orders', { channel: 'phone', requestType: 'complaint', title: 't', text: 'x', requester: { name: 'n\u0000' } }, 'agent'), 400, 'validation_failed');
    expectError(await t.get('/api/units?q=%00', 'agent'), 400, 'validation_failed');
    expectError(await t.get('/api/work-orders?q=a%00', 'agent'), 400, 'validation_failed');
    expectError(await t.post('/api/users/%00/reset-password', {}, 'admin'), 400, 'validation_failed');
    // a NUL in a key, deep inside the body
    expectError(await t.post('/api/work-orders', { channel: 'phone', requestType: 'complaint', title: 't', text: 'x', location: { ['a\u0000']: 1 } }, 'agent'), 400, 'validation_failed');
    expect(await tableCounts(t)).toEqual(before);
  });

  it('ids above the int4 maximum, in the path, the query and the body', async () => {
    expectError(await t.get('/api/units/2147483648', 'agent'), 400, 'validation_failed');
    expectError(await t.get('/api/routing/propose?streetId=2147483648', 'agent'), 400, 'validation_failed');
    expectError(await t.get('/api/work-orders/99999999999', 'agent'), 400, 'validation_failed');
    const o = await orderAt(t, 'received');
    const before = await snapshot(t, o.id);
    expectError(await t.post(`/api/work-orders/${o.id}/dispatch`, { version: o.version, leadUnitId: 2 ** 31 }, 'dispatcher'), 400, 'validation_failed');
    expectError(await t.post(`/api/work-orders/${o.id}/dispatch`, { version: 2 ** 31, leadUnitId: 1 }, 'dispatcher'), 400, 'validation_failed');
    expect(await snapshot(t, o.id)).toEqual(before);
  });

  it('dates outside PostgreSQL’s range (the database refuses them: mapped to 400, nothing written)', async () => {
    const n = Number((await t.db.query<{ n: number }>('select count(*)::int as n from sla_policies')).rows[0].n);
    for (const validFrom of ['+275760-09-13T00:00:00.000Z', '-100000-01-01T00:00:00Z']) {
      const r = await t.post('/api/sla-policies', { name: 'far', validFrom, rehandling: { amount: 5, unit: 'working_days' }, rules: RULES }, 'admin');
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.code).toBe('validation_failed');
      const rule = await t.post('/api/dispatch-rules', { name: 'r', target: 'territorial', validFrom }, 'admin');
      expectError(rule, 400, 'validation_failed');
    }
    expect(Number((await t.db.query<{ n: number }>('select count(*)::int as n from sla_policies')).rows[0].n)).toBe(n);
  });

  it('a dispute naming a unit that does not exist', async () => {
    const o = await orderAt(t, 'dispatched');
    const before = await snapshot(t, o.id);
    const r = await t.post(`/api/work-orders/${o.id}/dispute`, { version: o.version, reason: '不归我们', suggestedUnitId: 999999 }, 'donghuamen');
    expectError(r, 400, 'validation_failed');
    expect(r.body.details.field).toBe('suggestedUnitId');
    expect(await snapshot(t, o.id)).toEqual(before);
  });

  it('GET /assets/ (a directory) and a path outside the build answer 404', async () => {
    const web = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-web-'));
    fs.mkdirSync(path.join(web, 'assets'));
    fs.writeFileSync(path.join(web, 'assets', 'a.js'), 'export {}');
    try {
      const app = buildApp({ db: t.db, now: t.now, log: silentLogger, sessionHours: 1, webDir: web });
      expect((await app.request('/assets/')).status).toBe(404);
      expect((await app.request('/assets/../../etc/passwd')).status).toBe(404);
      expect((await app.request('/assets/a.js')).status).toBe(200);
    } finally {
      fs.rmSync(web, { recursive: true, force: true });
    }
  });
});

describe('strict ISO dates', () => {
  it('refuses rolled-over dates, local times, out-of-range years; accepts real ones', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2025-02-29', '2026-03-02T24:00:00Z', '2026-03-02T09:00:00', '0', 'null', '1899-12-31', '+275760-09-13T00:00:00Z', '2026-3-2'])
      expect(isoDateProblem(bad), bad).not.toBeNull();
    for (const ok of ['2024-02-29', '2026-03-02', '2026-03-02T09:00:00+08:00', '2026-03-02T01:00:00.123Z', '9999-12-31T23:59:59Z'])
      expect(isoDateProblem(ok), ok).toBeNull();
  });

  it('dispatch rules: null, 0 and 2026-02-30 are refused as validFrom', async () => {
    for (const validFrom of [null, 0, true, '2026-02-30', '2026-03-02T09:00'])
      expectError(await t.post('/api/dispatch-rules', { name: 'r', target: 'territorial', validFrom }, 'admin'), 400, 'validation_failed');
  });
});

describe('the error mapper is the safety net for database input errors', () => {
  it('maps SQLSTATE classes 22 and 23 to 4xx with stable codes', async () => {
    const { databaseInputError } = await import('../../../src/server/http/http-errors.ts');
    expect(databaseInputError({ code: '22021' })?.code).toBe('validation_failed');
    expect(databaseInputError({ code: '22003' })?.status).toBe(400);
    expect(databaseInputError({ code: '22008' })?.status).toBe(400);
    expect(databaseInputError({ code: '23503' })?.status).toBe(400);
    expect(databaseInputError({ code: '23P01' })?.code).toBe('validity_overlap');
    expect(databaseInputError({ code: '42P01' })).toBeNull();
    expect(databaseInputError(new Error('x'))).toBeNull();
  });
});
