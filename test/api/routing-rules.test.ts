import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { seedRouting } from '../../src/server/modules/routing/seed-routing.ts';
import { routingTestApp } from '../../src/server/modules/routing/catalogue/routing-test-app.ts';
import { assertEntry, checkEntry } from '../../src/server/modules/routing/duty-lists/entry-control.ts';
import { AppError } from '../../src/server/lib/errors.ts';

const DHM = '110101001'; // 东华门街道
const HPL = '110101010'; // 和平里街道
const COMMUNITY = '110101001001';
const DISTRICT = '110101';
const DAY = 86_400_000;

let t: TestApp;
let r: ReturnType<typeof routingTestApp>;
const id = (code: string) => t.unitId(code);

beforeAll(async () => {
  t = await createTestApp();
  await seedRouting(t.db);
  r = routingTestApp(t);
});
afterAll(() => t.close());

async function propose(categoryCode: string | null, streetCode: string | null, extra: Record<string, string> = {}) {
  const qs = new URLSearchParams({ requestType: 'complaint', urgency: 'general', ...extra });
  if (categoryCode) qs.set('categoryCode', categoryCode);
  if (streetCode) qs.set('streetId', String(await id(streetCode)));
  const res = await r.get(`/api/routing/propose?${qs}`, 'dispatcher');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function rule(body: Record<string, unknown>): Promise<number> {
  const res = await r.post('/api/dispatch-rules', body, 'admin');
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

describe('seed', () => {
  it('street duty list: six blocks, at least 60 items, role shares near 24 / 35 / 41 %', async () => {
    const lists = (await r.get('/api/duty-lists?listKind=duty&unitKind=street&status=active', 'dispatcher')).body.items;
    expect(lists).toHaveLength(1);
    const list = (await r.get(`/api/duty-lists/${lists[0].id}`, 'dispatcher')).body;
    expect(list.shares.total).toBeGreaterThanOrEqual(60);
    expect(Math.abs(list.shares.leadPct - 24)).toBeLessThanOrEqual(5);
    expect(Math.abs(list.shares.coordinatePct - 35)).toBeLessThanOrEqual(5);
    expect(Math.abs(list.shares.assistPct - 41)).toBeLessThanOrEqual(5);
    expect(list.blocks.map((b: { block: string }) => b.block)).toEqual(['党群工作', '平安建设', '城市管理', '社区建设', '民生保障', '综合保障']);
    for (const i of list.items) expect(i.category_codes.length).toBeGreaterThan(0);
  });

  it('township, community, enforcement and approval lists; communities only lead community matters or assist', async () => {
    const all = (await r.get('/api/duty-lists?status=active', 'dispatcher')).body.items;
    const kinds = all.map((l: { list_kind: string; unit_kind: string }) => `${l.list_kind}/${l.unit_kind}`).sort();
    expect(kinds).toEqual(['approval/street', 'duty/community', 'duty/street', 'duty/township', 'enforcement/street']);
    const get = async (k: string) => (await r.get(`/api/duty-lists/${all.find((l: { list_kind: string; unit_kind: string }) => `${l.list_kind}/${l.unit_kind}` === k).id}`, 'dispatcher')).body;
    expect((await get('duty/township')).blocks).toHaveLength(7);
    expect((await get('duty/community')).shares.coordinate).toBe(0);
    for (const k of ['enforcement/street', 'approval/street']) {
      const l = await get(k);
      expect(l.shares.lead).toBeGreaterThan(0);
      expect(l.shares.assist).toBeGreaterThan(0);
    }
  });

  it('is idempotent', async () => {
    expect(await seedRouting(t.db)).toEqual({ taxonomy: null, dutyLists: { lists: 0, items: 0 }, rules: null });
  });
});

describe('routing follows the duty-list roles', () => {
  // [case, category, street, target, lead, co-handlers, duty item, decided by a written rule]
  const cases: [string, string, string | null, string, string, string[], string | null, boolean][] = [
    ['lead → the street of the place', '01.02.20', DHM, 'territorial', DHM, [], 'CG-03', false],
    ['lead → another street for another place', '01.02.18', HPL, 'territorial', HPL, [], 'CG-02', false],
    ['coordinate, no department named → the street', '01.02.12', DHM, 'territorial', DHM, [], 'SQ-03', false],
    ['coordinate → the department, street co-handles', '13.08.09', DHM, 'unit', 'D110101-EMERGENCY', [DHM], 'PA-02', false],
    ['coordinate → housing bureau for 群租房', '01.10.17', HPL, 'unit', 'D110101-HOUSING', [HPL], 'CG-07', false],
    ['assist → the department, street co-handles', '12.04.01', DHM, 'unit', 'D110101-AMR', [DHM], 'PA-08', false],
    ['assist → environment bureau for noise', '04.02.13', HPL, 'unit', 'D110101-EEB', [HPL], 'CG-16', false],
    ['catalogue: heating → heating company, street co-handles', '16.01.01', DHM, 'unit', 'E110000-HEATING', [DHM], 'CG-10', true],
    ['catalogue: gas leak → gas company with emergency bureau and street', '16.04.01', DHM, 'unit', 'E110000-GAS', ['D110101-EMERGENCY', DHM], 'CG-11', true],
    ['catalogue: → district government', '05.01.01', DHM, 'district', DISTRICT, [], null, true],
    ['no owner anywhere → district government', '02.02.02', DHM, 'district', DISTRICT, [], null, false],
    ['no location → district government', '01.02.20', null, 'district', DISTRICT, [], 'CG-03', false],
  ];
  it.each(cases)('%s (%s)', async (_name, category, street, target, lead, co, item, ruled) => {
    const p = await propose(category, street);
    expect(p.target).toBe(target);
    expect(p.leadUnit.code).toBe(lead);
    expect(p.coHandlers.map((u: { code: string }) => u.code).sort()).toEqual([...co].sort());
    expect(p.dutyItem?.code ?? null).toBe(item);
    expect(p.rule !== null).toBe(ruled);
    expect(p.versions.dispatchRuleId).toBe(p.rule?.id ?? null);
    expect(p.versions.taxonomyVersionId).toBeTypeOf('number');
    expect(p.versions.dutyListId).toBeTypeOf('number');
    expect(p.explanation).toContain(category);
    expect(p.explanationEn.length).toBeGreaterThan(10);
  });

  it('tells the dispatcher whether the street holds the power or must blow the whistle', async () => {
    expect((await propose('01.02.17', DHM)).streetPowers).toMatchObject({ canActAlone: true, enforcement: { code: 'ZF-01', role: 'lead' } });
    expect((await propose('12.04.01', DHM)).streetPowers).toMatchObject({ canActAlone: false, whistleTo: { code: 'D110101-AMR' } });
  });
});

describe('most specific rule wins', () => {
  it('category depth, then place, then priority, then conditions', async () => {
    const [civil, umc, green, hud, hrss] = await Promise.all(['D110101-CIVIL', 'D110101-UMC', 'D110101-GREEN', 'D110101-HUD', 'D110101-HRSS'].map(id));
    const branch = await rule({ name: 't: 09.03 → 民政局', categoryCode: '09.03', target: 'unit', leadUnitId: civil });
    // the duty item for 09.03.03 is deeper than the branch rule; 09.03.02 has no item
    expect((await propose('09.03.03', DHM)).target).toBe('territorial');
    expect((await propose('09.03.02', DHM)).rule.id).toBe(branch);
    const inDistrict = await rule({ name: 't: district', categoryCode: '09.03.03', placeUnitId: await id(DISTRICT), target: 'unit', leadUnitId: umc });
    expect((await propose('09.03.03', DHM)).rule.id).toBe(inDistrict);
    const inStreet = await rule({ name: 't: street', categoryCode: '09.03.03', placeUnitId: await id(HPL), target: 'unit', leadUnitId: green });
    expect((await propose('09.03.03', HPL)).rule.id).toBe(inStreet);
    expect((await propose('09.03.03', DHM)).rule.id).toBe(inDistrict);
    const urgent = await rule({ name: 't: priority', categoryCode: '09.03.03', placeUnitId: await id(DISTRICT), priority: 300, target: 'unit', leadUnitId: hud });
    expect((await propose('09.03.03', DHM)).rule.id).toBe(urgent);
    expect((await propose('09.03.03', HPL)).rule.id).toBe(inStreet); // place before priority
    const complex = await rule({ name: 't: complex only', categoryCode: '09.03.03', placeUnitId: await id(HPL), urgency: 'complex', target: 'district' });
    expect((await propose('09.03.03', HPL, { urgency: 'complex' })).rule.id).toBe(complex);
    expect((await propose('09.03.03', HPL)).rule.id).toBe(inStreet);
    // a rule in force is never rewritten: the change closes it and creates its successor
    const before = t.now();
    t.advance(1000);
    const patched = await r.patch(`/api/dispatch-rules/${branch}`, { leadUnitId: hrss }, 'admin');
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.supersededRuleId).toBe(branch);
    expect((await propose('09.03.02', DHM)).rule.id).toBe(patched.body.id);
    expect((await propose('09.03.02', DHM, { at: before.toISOString() })).rule.id).toBe(branch);
  });
});

describe('validity periods', () => {
  it('a rule valid from tomorrow is not used today; an expired one only for the past', async () => {
    const [health, edu] = await Promise.all(['D110101-HEALTH', 'D110101-EDU'].map(id));
    const now = t.now().getTime();
    const future = await rule({ name: 't: future', categoryCode: '09.08.03', target: 'unit', leadUnitId: health, validFrom: new Date(now + DAY).toISOString() });
    const expired = await rule({ name: 't: expired', categoryCode: '09.08.03', placeUnitId: await id(DHM), target: 'unit', leadUnitId: edu, validFrom: new Date(now - 10 * DAY).toISOString(), validTo: new Date(now - DAY).toISOString() });
    const today = await propose('09.08.03', DHM);
    expect(today.leadUnit.code).toBe('D110101-CIVIL'); // MS-14: street assists the civil affairs bureau
    expect(today.rule).toBeNull();
    expect((await propose('09.08.03', DHM, { at: new Date(now + 2 * DAY).toISOString() })).rule.id).toBe(future);
    expect((await propose('09.08.03', DHM, { at: new Date(now - 5 * DAY).toISOString() })).rule.id).toBe(expired);
    const ids = async (status: string) => (await r.get(`/api/dispatch-rules?status=${status}&categoryCode=09.08.03`, 'dispatcher')).body.items.map((x: { id: number }) => x.id);
    expect(await ids('future')).toEqual([future]);
    expect(await ids('expired')).toEqual([expired]);
    expect((await r.patch(`/api/dispatch-rules/${expired}`, { name: 'x' }, 'admin')).body.code).toBe('invalid_transition');
    expect((await r.del(`/api/dispatch-rules/${future}`, 'admin')).body).toMatchObject({ deleted: true });
  });

  it('only admins edit the catalogue; bad rules are refused with validation_failed', async () => {
    expect((await r.post('/api/dispatch-rules', { name: 'x', target: 'district' }, 'dispatcher')).status).toBe(403);
    expect((await r.post('/api/dispatch-rules', { name: 'x', target: 'unit' }, 'admin')).body.code).toBe('validation_failed');
    expect((await r.post('/api/dispatch-rules', { name: 'x', target: 'district', categoryCode: '99.01' }, 'admin')).body.code).toBe('validation_failed');
    expect((await r.get('/api/routing/propose?categoryCode=99.99.99', 'dispatcher')).body.code).toBe('validation_failed');
    expect((await r.get('/api/routing/propose?categoryCode=01.02.20', 'citizen')).status).toBe(403);
  });
});

describe('entry control (准入)', () => {
  // [unit, role, category, flags, allowed, basis]
  const cases: [string, 'lead' | 'co_handler', string, string, boolean, string | null][] = [
    [DHM, 'lead', '01.02.20', '', true, 'lead_item'],
    [DHM, 'lead', '01.02.12', '', true, 'coordinate_item'],
    [DHM, 'lead', '04.02.06', '', true, 'delegated_power'],
    [DHM, 'lead', '12.04.01', '', false, null],
    [DHM, 'lead', '12.04.01', 'emergency=true', true, 'emergency'],
    [DHM, 'lead', '12.04.01', 'districtApproved=true', true, 'district_approved'],
    [DHM, 'lead', '02.02.02', '', false, null],
    [DHM, 'co_handler', '12.04.01', '', true, 'listed'],
    [DHM, 'co_handler', '02.02.02', '', false, null],
    [COMMUNITY, 'lead', '13.12.07', '', true, 'lead_item'],
    [COMMUNITY, 'lead', '09.08.06', '', false, null],
    [COMMUNITY, 'co_handler', '09.08.06', '', true, 'listed'],
    ['D110101-AMR', 'lead', '02.02.02', '', true, 'not_controlled'],
    ['E110000-WATER', 'lead', '01.02.20', '', true, 'not_controlled'],
    [DISTRICT, 'lead', '02.02.02', '', true, 'not_controlled'],
  ];
  it.each(cases)('%s as %s for %s %s → %s', async (unit, role, category, flags, allowed, basis) => {
    const res = await r.get(`/api/routing/entry-check?unitId=${await id(unit)}&categoryCode=${category}&role=${role}&${flags}`, 'dispatcher');
    expect(res.status).toBe(200);
    expect(res.body.allowed).toBe(allowed);
    if (allowed) expect(res.body.basis).toBe(basis);
    else expect(res.body).toMatchObject({ code: 'entry_refused', reason: expect.any(String), reasonZh: expect.stringContaining('准入不通过') });
  });

  it('names the lead department in the refusal; assertEntry throws entry_refused (409)', async () => {
    const r1 = await checkEntry(t.db, { unitId: await id(DHM), role: 'lead', categoryCode: '12.04.01' });
    expect(r1.allowed).toBe(false);
    if (!r1.allowed) {
      expect(r1.reason).toContain('D110101-AMR');
      expect(r1.reasonZh).toContain('东城区市场监督管理局');
      expect(r1.dutyItem?.code).toBe('PA-08');
    }
    const e = await assertEntry(t.db, { unitId: await id(DHM), role: 'lead', categoryCode: '12.04.01' }).catch((x) => x);
    expect(e).toBeInstanceOf(AppError);
    expect([e.code, e.status]).toEqual(['entry_refused', 409]);
    expect((await r.get(`/api/routing/entry-check?unitId=999999&categoryCode=01.02.20`, 'dispatcher')).status).toBe(404);
  });

  it('a written rule cannot push an unlisted duty onto a street: the district takes it, unless urgent', async () => {
    const ruleId = await rule({ name: 't: food to street', categoryCode: '12.04.01', target: 'territorial' });
    const p = await propose('12.04.01', DHM);
    expect([p.target, p.leadUnit.code, p.entry.allowed]).toEqual(['district', DISTRICT, false]);
    expect(p.coHandlers.map((u: { code: string }) => u.code)).toEqual([DHM]);
    const urgent = await propose('12.04.01', DHM, { urgency: 'emergency' });
    expect([urgent.leadUnit.code, urgent.entry.basis]).toEqual([DHM, 'emergency']);
    expect((await r.del(`/api/dispatch-rules/${ruleId}`, 'admin')).status).toBe(200);
    expect((await propose('12.04.01', DHM)).leadUnit.code).toBe('D110101-AMR');
  });
});
