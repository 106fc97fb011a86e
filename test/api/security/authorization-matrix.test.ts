import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Res, type TestApp } from '../../support/test-app.ts';
import { actOk, DEMO, intake } from '../../support/factories.ts';
import { example, fillPath, listOperations, type Op } from '../../support/openapi-ops.ts';

/*
 * Every operation of /api/openapi.json × anonymous and every demo account × an order of the
 * caller's own unit and one of another unit. Generated from the document, so a new route is in
 * the matrix the day it is added.
 */
let t: TestApp;
let ops: Op[];
const HOTLINE = ['agent', 'dispatcher', 'callback', 'supervisor', 'admin'];
const ACCOUNTS = [...HOTLINE, 'district', 'donghuamen', 'hepingli', 'tiantan', 'chengguan', 'zhujian', 'shijian', 'water', 'grid1', 'grid2', 'citizen'];
// Answer without a session by design: signing in, the citizen portal, the document itself.
// Open to anyone: signing in and out, whether one is signed in, the portal, and the health checks a load balancer calls.
const PUBLIC = new Set([
  'POST /api/auth/login', 'POST /api/auth/logout', 'GET /api/auth/session', 'POST /api/portal/requests', 'GET /api/portal/requests/{code}',
  'GET /api/health', 'GET /api/health/live', 'GET /api/health/ready',
  // a citizen signs in by SMS code, and says where a problem is before signing in (public boundaries and gazetteer)
  'POST /api/portal/sign-in/code', 'POST /api/portal/sign-in', 'GET /api/portal/map/features', 'GET /api/portal/places', 'GET /api/portal/locate',
  'GET /api/public/data', 'GET /api/public/notices/{streetId}',
]);
// Ends the caller's own session: run last, not in the matrix, so every account keeps its token.
const SKIP = new Set(['POST /api/auth/logout']);

const REPORT = { title: '路灯不亮夜间很黑', text: '小区门口的路灯坏了好几天，晚上很黑，行人不安全' };
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
type Fixture = { id: number; code: string; attachmentId: number; streetId: number; readers: string[] };
let orders: Fixture[];

async function fixture(street: string, lead: string, readers: string[]): Promise<Fixture> {
  const streetId = await t.unitId(street);
  const o = await intake(t, { ...REPORT, location: { streetId, address: '1号' }, attachments: [{ name: 'p.png', mime: 'image/png', contentBase64: PNG }] });
  await actOk(t, o.id, 'dispatch', { version: o.version, leadUnitId: await t.unitId(lead) }, 'dispatcher');
  const d = (await t.get(`/api/work-orders/${o.id}`, 'agent')).body;
  return { id: o.id, code: o.code, attachmentId: d.attachments[0].id, streetId, readers };
}

beforeAll(async () => {
  t = await createTestApp();
  ops = await listOperations(t);
  orders = [
    await fixture(DEMO.streets.donghuamen, DEMO.streets.donghuamen, [...HOTLINE, 'district', 'donghuamen']),
    await fixture(DEMO.streets.hepingli, DEMO.streets.hepingli, [...HOTLINE, 'district', 'hepingli']),
  ];
});
afterAll(() => t.close());

function request(op: Op, order: Fixture): { path: string; body: unknown } {
  const values: Record<string, string | number> = { id: order.id, attachmentId: order.attachmentId, year: 2026, username: 'nobody', code: op.path.startsWith('/api/portal') ? order.code : '01' };
  const q = new URLSearchParams();
  for (const p of op.params) if (p.in === 'query' && p.required) q.set(p.name, String(example(p.schema)));
  return { path: fillPath(op, values) + (q.size ? `?${q}` : ''), body: op.body ? example(op.body) : op.method === 'GET' ? undefined : {} };
}

describe('authorisation matrix from the OpenAPI document', () => {
  it('detail, attachment, list, search, stats and suggestion: exactly the readers of each order see it', async () => {
    const problems: string[] = [];
    for (const o of orders) {
      for (const u of ACCOUNTS) {
        const may = o.readers.includes(u);
        const detail = await t.get(`/api/work-orders/${o.id}`, u);
        if (detail.status !== (may ? 200 : 404)) problems.push(`${u} detail ${o.code} → ${detail.status}`);
        const file = await t.get(`/api/work-orders/${o.id}/attachments/${o.attachmentId}`, u);
        if (file.status !== (may ? 200 : 404)) problems.push(`${u} attachment ${o.code} → ${file.status}`);
        const search = await t.get(`/api/work-orders?q=${o.code}`, u);
        const found = (search.body.items ?? []).some((i: { id: number }) => i.id === o.id);
        if (found !== may) problems.push(`${u} search ${o.code} → ${found}`);
        const all = await t.get('/api/work-orders?pageSize=200', u);
        if ((all.body.items ?? []).some((i: { id: number }) => i.id === o.id) !== may) problems.push(`${u} list ${o.code}`);
        if (u !== 'citizen') {
          const s = await t.post('/api/routing/suggest', { ...REPORT, location: { streetId: o.streetId } }, u);
          const offered = (s.body.duplicates ?? []).some((d: { id: number }) => d.id === o.id);
          if (offered && !may) problems.push(`${u} suggestion offers ${o.code}`);
          if (!offered && may) problems.push(`${u} suggestion misses ${o.code}`);
        }
      }
    }
    // stats count only what the caller may see: a street sees its own order, not the other street's
    const dhm = (await t.get('/api/work-orders/stats', 'donghuamen')).body.total;
    const all = (await t.get('/api/work-orders/stats', 'supervisor')).body.total;
    expect(dhm).toBeLessThan(all);
    expect(problems).toEqual([]);
  }, 300_000);
  it('every role × every operation × own/other unit: no 5xx; anonymous gets 401 on every staff operation', async () => {
    expect(ops.length).toBeGreaterThan(70);
    const fives: string[] = [];
    const anonymousLeaks: string[] = [];
    let cases = 0;
    for (const op of ops) {
      const key = `${op.method} ${op.path}`;
      if (SKIP.has(key)) continue;
      const perOrder = op.path.includes('{id}') && op.path.startsWith('/api/work-orders') ? orders : orders.slice(0, 1);
      for (const order of perOrder) {
        const { path, body } = request(op, order);
        const answers = new Map<string | null, Res>();
        for (const as of [null, ...ACCOUNTS]) {
          const r = await t.call(op.method, path, body, as);
          cases++;
          answers.set(as, r);
          if (r.status >= 500) fives.push(`${as ?? 'anonymous'} ${op.method} ${path} → ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
        }
        if (PUBLIC.has(key)) continue;
        const anon = answers.get(null)!;
        // a request some account got past validation is well-formed: anonymous must be told to sign in
        const wellFormed = ACCOUNTS.some((a) => answers.get(a)!.status !== 400);
        if (anon.status < 400 || (wellFormed && anon.status !== 401)) anonymousLeaks.push(`${key} → ${anon.status}`);
      }
    }
    console.log(`authorisation matrix: ${cases} cases over ${ops.length} operations`);
    expect(fives).toEqual([]);
    expect(anonymousLeaks).toEqual([]);
    // thousands of requests: on a shared two-core machine this takes minutes, not the default minute
  }, 300_000);

});
