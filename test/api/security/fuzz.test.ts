import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-app.ts';
import { intake } from '../../support/factories.ts';
import { example, fillPath, listOperations, stateDigest, type Op, type Schema } from '../../support/openapi-ops.ts';

/*
 * ≥ 10,000 malformed requests over every operation of the OpenAPI document, in process and from a
 * fixed seed (the same requests every run): no answer may be a 5xx, and afterwards every table has
 * the same rows as before. Each variant is wrong in one place only, so it is the validation of
 * that place that must hold.
 */
const TOTAL = 10_000;
let t: TestApp;
let ops: Op[];
let orderId: number;

beforeAll(async () => {
  t = await createTestApp();
  ops = await listOperations(t);
  orderId = (await intake(t)).id;
  for (const u of ['admin', 'agent', 'donghuamen', 'citizen']) await t.get('/api/auth/me', u); // sessions exist before the digest
});
afterAll(() => t.close());

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const typeOf = (s: Schema | undefined) => (Array.isArray(s?.type) ? s!.type.find((x) => x !== 'null') : s?.type) ?? (s?.anyOf || s?.oneOf ? 'union' : undefined);
const NOT_STRING = [123, true, [], {}, ['x']];
const BAD_STRINGS = ['a\u0000b', 'x'.repeat(100_001)];
const NOT_NUMBER = ['1', 'NaN', true, [], {}, '1e999'];
const NOT_INT = [1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 31) - 1];
const BAD_DATES = ['2026-02-30', '2026-13-01', '+275760-09-13T00:00:00Z', '-100000-01-01T00:00:00Z', 0, true, '2026-03-02T09:00'];

/** Values that are wrong for the schema whatever else the request says. */
function wrongFor(s: Schema | undefined): unknown[] {
  const ty = typeOf(s);
  if (s?.enum) return ['zz-not-an-option', 1, ...NOT_STRING.slice(1, 3)];
  if (s?.format === 'date-time') return BAD_DATES;
  if (ty === 'string') return [...NOT_STRING, ...BAD_STRINGS];
  if (ty === 'integer') return [...NOT_NUMBER, ...NOT_INT];
  if (ty === 'number') return NOT_NUMBER;
  if (ty === 'boolean') return ['true', 1, 'yes', []];
  if (ty === 'array') return ['x', 1, { length: 1 }, Array.from({ length: 100_000 }, () => 1)];
  if (ty === 'object') return ['x', 1, [], true];
  return [];
}

const RAW_BODIES = ['{', '{"a":', 'null', '[]', '"x"', '123', 'NaN', '{"a":1,}', "{'a':1}", '\ufeff{}', '['.repeat(50_000) + ']'.repeat(50_000), '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000), '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}'];
const BAD_IDS = ['0', '-1', '1.5', 'abc', '99999999999', '2147483648', '%00', "1'or'1'='1", '9'.repeat(400), '%ZZ', '1e3', ' 1'];
const BAD_QUERY = ['', '%00', 'a%00b', '-1', '2147483648', 'x'.repeat(20_000), '%ZZ', '[]', 'true', '2026-02-30', '\u202e', '%ED%A0%80'];

type Req = { method: string; path: string; body?: string; type?: string; as: string | null; headers?: Record<string, string> };

function variants(op: Op): Req[] {
  const out: Req[] = [];
  const base = (): Record<string, unknown> => (op.body ? ((example(op.body) as Record<string, unknown>) ?? {}) : {});
  const path = fillPath(op, { id: orderId, attachmentId: 1, year: 2026, username: 'nobody', code: op.path.startsWith('/api/portal') ? 'GD20260302000001' : '01' });
  const query = (name: string, v: string) => `${path}${path.includes('?') ? '&' : '?'}${name}=${v}`;
  // Routes that ignore their body would act on a valid path: their body variants go anonymously.
  const actAs = op.body ? ['admin', 'agent', 'donghuamen', 'citizen', null] : [null];
  let k = 0;
  const as = () => actAs[k++ % actAs.length];
  if (op.method !== 'GET') {
    for (const raw of RAW_BODIES) out.push({ method: op.method, path, body: raw, as: as() });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16'])
      out.push({ method: op.method, path, body: type.startsWith('application/json') ? '\u0000' : 'a=1', type, as: as() });
    const props = op.body?.properties ?? {};
    for (const [name, schema] of Object.entries(props)) {
      const wrong = [...wrongFor(schema), ...((op.body?.required ?? []).includes(name) ? [null] : [])];
      for (const v of wrong) out.push({ method: op.method, path, body: JSON.stringify({ ...base(), [name]: v }), as: as() });
      // one level down: the location, requester and each attachment
      for (const [sub, subSchema] of Object.entries(schema.properties ?? {}))
        for (const v of wrongFor(subSchema)) out.push({ method: op.method, path, body: JSON.stringify({ ...base(), [name]: { [sub]: v } }), as: as() });
    }
  }
  for (const p of op.params.filter((x) => x.in === 'query'))
    for (const v of BAD_QUERY) if (!(v === '' && !p.required)) out.push({ method: op.method, path: query(p.name, v), body: op.method === 'GET' ? undefined : JSON.stringify(base()), as: op.method === 'GET' ? as() : null });
  for (const p of op.params.filter((x) => x.in === 'path'))
    for (const v of BAD_IDS) {
      if (p.name === 'code' || p.name === 'username') continue; // free text in the path: any value names something or nothing
      out.push({ method: op.method, path: op.path.replace(`{${p.name}}`, v).replace(/\{(\w+)\}/g, '1'), body: op.method === 'GET' ? undefined : JSON.stringify(base()), as: as() });
    }
  // every operation: a NUL or broken escape in an unknown parameter, forged credentials
  const body = op.method === 'GET' ? undefined : JSON.stringify(base());
  out.push({ method: op.method, path: query('x', '%00'), body, as: null }, { method: op.method, path: query('x', '%E0%A4%A'), body, as: null });
  for (const auth of ['Bearer %00', 'Bearer ' + 'x'.repeat(5000), 'Basic YWRtaW46YWRtaW4=', 'Bearer'])
    out.push({ method: op.method, path, body, as: null, headers: { authorization: auth } });
  out.push({ method: op.method, path, body, as: null, headers: { cookie: 'sb_session=%00; sb_session=x' } });
  return out;
}

describe('fuzz: malformed requests over every operation', () => {
  it(`${TOTAL} requests: no 5xx, and no rejected request changes anything`, async () => {
    const random = rng(20260302);
    const pools = ops.filter((op) => op.path !== '/api/auth/logout').map((op) => ({ op, pool: variants(op) }));
    const batches = pools.map((p) => [...p.pool]);
    let total = batches.reduce((n, b) => n + b.length, 0);
    // every variant once, then more of them (as other accounts) until the total is reached
    while (total < TOTAL) {
      const i = Math.floor(random() * pools.length);
      const pool = pools[i].pool;
      batches[i].push({ ...pool[Math.floor(random() * pool.length)], as: ['admin', 'agent', null][Math.floor(random() * 3)] });
      total++;
    }
    const started = Date.now();
    const fives: string[] = [];
    const changed: string[] = [];
    const accepted: Record<string, number> = {};
    const statuses: Record<string, number> = {};
    let sent = 0;
    // A refused sign-in is recorded on purpose (the security log, and the limiter's counters): those tables may grow. The
    // evaluation rollups (and the kept places and counts) catch up from the event log before any evaluation request is judged, so
    // they may move to reflect what earlier accepted requests wrote: derived, not changed by the refusal.
    const SKIP = ['security_events', 'throttle_state', 'evaluation_checkpoints', 'evaluation_rollups', 'evaluation_callback_facts', 'evaluation_order_results',
      'evaluation_order_places', 'evaluation_volume_daily', 'evaluation_dim_results', 'evaluation_category_results'];
    let before = await stateDigest(t, SKIP);
    for (const [i, batch] of batches.entries()) {
      const key = `${pools[i].op.method} ${pools[i].op.path}`;
      for (const r of batch) {
        const res = await t.call(r.method, r.path, r.body, r.as, { ...(r.type ? { 'content-type': r.type } : {}), ...r.headers });
        sent++;
        const cls = `${String(res.status)[0]}xx`;
        statuses[cls] = (statuses[cls] ?? 0) + 1;
        if (res.status < 300) accepted[key] = (accepted[key] ?? 0) + 1;
        if (res.status >= 500) fives.push(`${r.as ?? 'anonymous'} ${r.method} ${r.path.slice(0, 120)} ${String(r.body).slice(0, 120)} → ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
      }
      const after = await stateDigest(t, SKIP);
      // an accepted request may change state as it should; a batch answered only with refusals must not
      if (!accepted[key] && JSON.stringify(after) !== JSON.stringify(before)) changed.push(key);
      before = after;
    }
    console.log(`fuzz: ${sent} requests over ${pools.length} operations in ${Date.now() - started} ms: ${JSON.stringify(statuses)}; accepted per operation ${JSON.stringify(accepted)}`);
    expect(sent).toBeGreaterThanOrEqual(TOTAL);
    expect(pools.every((p) => p.pool.length > 0)).toBe(true);
    expect(fives).toEqual([]);
    expect(changed).toEqual([]);
  }, 300_000);
});
