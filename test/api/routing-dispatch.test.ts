import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { actOk, act, DEMO, expectError, intake, tableCounts } from '../support/factories.ts';

let t: TestApp;
let street: number;
let water: number;
beforeAll(async () => {
  t = await createTestApp();
  street = await t.unitId(DEMO.streets.donghuamen);
  water = await t.unitId(DEMO.departments.water);
});
afterAll(() => t.close());

const orderRow = async (id: number) =>
  (await t.db.query<Record<string, any>>('select category, taxonomy_version_id, duty_list_id, dispatch_rule_id, routing_proposal, routing_overridden, district_id from work_orders where id = $1', [id])).rows[0];

describe('routing at intake', () => {
  it('keeps the taxonomy version of a known category and refuses an unknown one', async () => {
    const o = await intake(t, { category: '01.02.16' });
    const row = await orderRow(o.id);
    expect(row.category).toBe('01.02.16');
    expect(row.taxonomy_version_id).toBeGreaterThan(0);
    expect(o.categoryPath.map((c: { name: string }) => c.name)).toEqual(['城乡建设', '城市建设和市政管理', '自来水供应']);
    const before = await tableCounts(t);
    const r = await t.post('/api/work-orders', { channel: 'phone', requestType: 'complaint', title: '停水', text: '小区停水', category: '99.99.99' }, 'agent');
    expectError(r, 400, 'validation_failed');
    expect(r.body.details.field).toBe('category');
    expect(await tableCounts(t)).toEqual(before);
  });

  it('sends an order with no usable location to the district government', async () => {
    const r = await t.post('/api/work-orders', { channel: 'phone', requestType: 'help', title: '求助', text: '不清楚位置的求助' }, 'agent');
    const o = (await t.get(`/api/work-orders/${r.body.id}`, 'dispatcher')).body;
    expect(o.location.district.name).toBe('东城区');
    expect(o.location.street).toBeNull();
    expect(o.events[0].data.location.method).toBe('fallback');
  });

  it('places an order by its address through the gazetteer', async () => {
    const r = await t.post('/api/work-orders', { channel: 'phone', requestType: 'complaint', title: '路灯不亮', text: '路灯坏了', location: { address: '王府井大街' } }, 'agent');
    const o = (await t.get(`/api/work-orders/${r.body.id}`, 'dispatcher')).body;
    expect(o.location.street).not.toBeNull();
    expect(o.events[0].data.location.method).toBe('address');
  });
});

describe('routing at dispatch', () => {
  it('records the proposal and whether the dispatcher followed it', async () => {
    const followed = await intake(t, { category: '01.02.16' });
    const proposal = (await t.get(`/api/routing/propose?categoryCode=01.02.16&streetId=${street}&requestType=complaint&urgency=general`, 'dispatcher')).body;
    expect(proposal.leadUnit.id).toBe(water);
    await actOk(t, followed.id, 'dispatch', { leadUnitId: water, coHandlerUnitIds: [street] }, 'dispatcher');
    const a = await orderRow(followed.id);
    expect(a.routing_overridden).toBe(false);
    expect(a.routing_proposal.leadUnitId).toBe(water);
    expect(a.duty_list_id).toBeGreaterThan(0);

    const overridden = await intake(t, { category: '01.02.16' });
    await actOk(t, overridden.id, 'dispatch', { leadUnitId: water }, 'dispatcher');
    const b = await orderRow(overridden.id);
    expect(b.routing_overridden).toBe(true);
    const ev = (await t.get(`/api/work-orders/${overridden.id}`, 'dispatcher')).body.events.at(-1);
    expect(ev.data.overridden).toBe(true);
    expect(ev.data.proposal.leadUnitName).toBe('北京市自来水集团');
  });

  it('refuses a street as lead for a matter outside its duty list (准入), unless emergency or district-approved', async () => {
    const o = await intake(t, { category: '05.03' });
    const before = await tableCounts(t);
    const r = await act(t, o.id, 'dispatch', { leadUnitId: street }, 'dispatcher');
    expectError(r, 409, 'entry_refused');
    expect(r.body.details.categoryCode).toBe('05.03');
    expect(await tableCounts(t)).toEqual(before);
    const ok = await actOk(t, o.id, 'dispatch', { leadUnitId: street, districtApproved: true }, 'dispatcher');
    expect(ok.status).toBe('dispatched');
    expect(ok.events.at(-1).data.entry).toMatchObject({ basis: 'district_approved', districtApproved: true });

    const urgent = await intake(t, { category: '05.03' });
    expect((await actOk(t, urgent.id, 'dispatch', { leadUnitId: street, emergency: true }, 'dispatcher')).status).toBe('dispatched');
  });

  it('lets a street assist where its list says assist, but not lead', async () => {
    const o = await intake(t, { category: '01.02.16' });
    expectError(await act(t, o.id, 'dispatch', { leadUnitId: street }, 'dispatcher'), 409, 'entry_refused');
    expect((await actOk(t, o.id, 'dispatch', { leadUnitId: water, coHandlerUnitIds: [street] }, 'dispatcher')).status).toBe('dispatched');
  });

  it('does not judge entry for an uncategorised order', async () => {
    const o = await intake(t);
    expect((await actOk(t, o.id, 'dispatch', { leadUnitId: street }, 'dispatcher')).status).toBe('dispatched');
    // Without a category the catalogue can only name the district; the dispatcher chose the street.
    const row = await orderRow(o.id);
    expect(row.routing_proposal.target).toBe('district');
    expect(row.routing_overridden).toBe(true);
  });

  it('keeps on the order the duty list and taxonomy versions it was routed with after new versions take force', async () => {
    const o = await intake(t, { category: '01.02.16' });
    await actOk(t, o.id, 'dispatch', { leadUnitId: water, coHandlerUnitIds: [street] }, 'dispatcher');
    const before = await orderRow(o.id);
    // 东华门's own variant of the street list, approved by its district
    const draft = await t.post('/api/duty-lists', { listKind: 'duty', unitKind: 'street' }, 'donghuamen');
    expect(draft.status).toBe(201);
    expect((await t.post(`/api/duty-lists/${draft.body.id}/submit`, {}, 'donghuamen')).status).toBe(200);
    expect((await t.post(`/api/duty-lists/${draft.body.id}/approve`, { note: '同意' }, 'district')).status).toBe(200);
    const later = await intake(t, { category: '01.02.16' });
    await actOk(t, later.id, 'dispatch', { leadUnitId: water, coHandlerUnitIds: [street] }, 'dispatcher');
    const after = await orderRow(later.id);
    expect(after.duty_list_id).toBe(draft.body.id);
    expect(after.duty_list_id).not.toBe(before.duty_list_id);
    expect((await orderRow(o.id)).duty_list_id).toBe(before.duty_list_id);
    expect((await orderRow(o.id)).taxonomy_version_id).toBe(before.taxonomy_version_id);
  });
});
