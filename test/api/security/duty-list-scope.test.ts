import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-app.ts';
import { addStaff, addUnit } from '../../support/org.ts';
import { seedRouting } from '../../../src/server/modules/routing/seed-routing.ts';
import { proposeRouting } from '../../../src/server/modules/routing/catalogue/propose-routing.ts';

/*
 * Duty lists belong to a level: the city's base list, a district's variant (seed 002: districts may
 * adjust it locally, 减法 and 加法), a street's own. A second district, 西城, with one street and
 * its own supervisor, shows that 东城's adjustment binds 东城's streets and nobody else's.
 * 共享单车 (01.02.24, item CG-20) is only assisted by streets in the base list, the transport
 * commission leading; 东城 takes it on for its streets (加法).
 */
let t: TestApp;
let dhm: number;
let hpl: number;
let xca: number;
beforeAll(async () => {
  t = await createTestApp();
  await seedRouting(t.db);
  dhm = await t.unitId('110101001');
  hpl = await t.unitId('110101010');
  await addUnit(t, '110102', '西城区', 'district', '110000');
  xca = await addUnit(t, '110102001', '西长安街街道', 'street', '110102');
  await addStaff(t, 'xicheng', 'district_supervisor', '110102');
  await addStaff(t, 'district2', 'district_supervisor', '110101');
});
afterAll(() => t.close());

const lead = async (streetId: number) => {
  const p = await proposeRouting(t.db, { categoryCode: '01.02.24', requestType: 'complaint', urgency: 'general', streetId, districtId: null, at: t.now() });
  return [p.leadUnit?.code, p.versions.dutyListId];
};
const entry = async (unitId: number) => (await t.get(`/api/routing/entry-check?unitId=${unitId}&categoryCode=01.02.24&role=lead`, 'dispatcher')).body;
const baseList = async () => (await t.get('/api/duty-lists?listKind=duty&unitKind=street&status=active&scope=city', 'dispatcher')).body.items[0].id as number;

describe('duty lists have an owner', () => {
  it('a street drafts neither the departments’ list, nor another street’s, nor the city’s', async () => {
    expect((await t.post('/api/duty-lists', { listKind: 'duty', unitKind: 'department' }, 'donghuamen')).status).toBe(403);
    expect((await t.post('/api/duty-lists', { listKind: 'duty', unitKind: 'street', scopeUnitId: hpl }, 'donghuamen')).status).toBe(403);
    expect((await t.post('/api/duty-lists', { listKind: 'duty', unitKind: 'street', scopeUnitId: null }, 'donghuamen')).status).toBe(403);
    expect((await t.post('/api/duty-lists', { listKind: 'duty', unitKind: 'street', scopeUnitId: xca }, 'district')).status).toBe(403);
    // nothing was opened by the refusals
    expect((await t.get('/api/duty-lists?status=draft', 'dispatcher')).body.items).toEqual([]);
  });

  it('a district’s variant is decided by that district only and binds only its streets', async () => {
    const base = await baseList();
    expect(await lead(dhm)).toEqual(['M110000-TRANSPORT', base]);
    const draft = await t.post('/api/duty-lists', { listKind: 'duty', unitKind: 'street' }, 'district');
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect(draft.body).toMatchObject({ scopeUnitId: await t.unitId('110101'), copiedFrom: base });
    const id = draft.body.id;
    // 西城 may not touch 东城's draft
    expect((await t.call('PATCH', `/api/duty-lists/${id}/items/CG-20`, { role: 'lead' }, 'xicheng')).status).toBe(403);
    expect((await t.call('PATCH', `/api/duty-lists/${id}/items/CG-20`, { role: 'lead', text: '负责辖区共享单车停放秩序的巡查和清理' }, 'district')).status).toBe(200);
    expect((await t.post(`/api/duty-lists/${id}/submit`, {}, 'donghuamen')).status).toBe(403);
    expect((await t.post(`/api/duty-lists/${id}/submit`, {}, 'district')).status).toBe(200);
    expect((await t.post(`/api/duty-lists/${id}/approve`, {}, 'xicheng')).status).toBe(403);
    expect((await t.post(`/api/duty-lists/${id}/approve`, {}, 'admin')).status).toBe(403);
    expect((await t.post(`/api/duty-lists/${id}/approve`, {}, 'district')).status).toBe(403); // the submitter
    expect((await t.get(`/api/duty-lists/${id}`, 'dispatcher')).body.status).toBe('submitted');
    const ok = await t.post(`/api/duty-lists/${id}/approve`, { note: '区级微调' }, 'district2');
    expect(ok.body).toEqual({ id, status: 'active', replaced: null });

    // 东城's streets work by the variant; 西城's by the city's list, which is still in force
    expect(await lead(dhm)).toEqual(['110101001', id]);
    expect(await lead(hpl)).toEqual(['110101010', id]);
    expect(await lead(xca)).toEqual(['M110000-TRANSPORT', base]);
    expect(await baseList()).toBe(base);
    expect(await entry(dhm)).toMatchObject({ allowed: true, basis: 'lead_item', dutyItem: { listId: id } });
    expect(await entry(xca)).toMatchObject({ allowed: false, code: 'entry_refused', dutyItem: { listId: base, role: 'assist' } });
  });

  it('a street’s own variant is approved by its district, not another, and takes precedence over the district’s', async () => {
    const draft = await t.post('/api/duty-lists', { listKind: 'duty', unitKind: 'street' }, 'hepingli');
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const districtList = (await lead(hpl))[1];
    expect(draft.body).toMatchObject({ scopeUnitId: hpl, copiedFrom: districtList });
    const id = draft.body.id;
    expect((await t.call('DELETE', `/api/duty-lists/${id}/items/CG-20`, undefined, 'donghuamen')).status).toBe(403);
    expect((await t.call('DELETE', `/api/duty-lists/${id}/items/CG-20`, undefined, 'hepingli')).status).toBe(200); // 减法
    expect((await t.post(`/api/duty-lists/${id}/submit`, {}, 'hepingli')).status).toBe(200);
    expect((await t.post(`/api/duty-lists/${id}/approve`, {}, 'xicheng')).status).toBe(403);
    expect((await t.post(`/api/duty-lists/${id}/approve`, {}, 'district')).status).toBe(200);
    // 和平里 no longer leads it (the item is gone, so the district takes it); 东华门 still does
    expect((await lead(hpl))[1]).toBe(id);
    expect((await entry(hpl)).allowed).toBe(false);
    expect(await lead(dhm)).toEqual(['110101001', districtList]);
  });
});
