import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type Res } from '../support/test-app.ts';
import { DEMO, actOk, expectError, intake, lastEvent, orderAt, snapshot, userId } from '../support/factories.ts';
import { ACTIONS, WORKFLOW, type Action, type ActionDef } from '../../src/server/modules/work-orders/work-order-workflow.ts';
import { EVENT_TYPES } from '../../src/server/modules/work-orders/work-order-transition.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const CO = DEMO.departments.chengguan;
const path = (id: number, action: string) => `/api/work-orders/${id}/${action.replaceAll('_', '-')}`;
const tryAct = (o: { id: number; version: number }, action: string, body: Record<string, unknown>, as: string): Promise<Res> =>
  t.post(path(o.id, action), { version: o.version, ...body }, as);

type Case = {
  /** A user the table permits. */
  as: string;
  /** An order in an allowed status, with whatever the guards need. */
  ready: () => Promise<any>;
  body: () => Promise<Record<string, unknown>> | Record<string, unknown>;
  to: string;
  /** An order in a status outside `from`, on which `as` still holds the scope. */
  wrong: () => Promise<any>;
};

const EXTENSION = { reason: '需协调多部门，申请延期', days: 3, requesterInformed: true };
const GOOD_CALLBACK = { valid: true, contacted: true, solved: true, satisfaction: 'satisfied' };

async function withPendingExtension() {
  const o = await orderAt(t, 'in_progress');
  return actOk(t, o.id, 'request_extension', EXTENSION, 'donghuamen');
}
async function withPendingExclusion() {
  const o = await orderAt(t, 'awaiting_callback');
  return actOk(t, o.id, 'request_exclusion', { reason: '恶意重复诉求' }, 'donghuamen');
}
async function unsolvedCalledBack() {
  const o = await orderAt(t, 'awaiting_callback');
  return actOk(t, o.id, 'callback', { ...GOOD_CALLBACK, solved: false, satisfaction: 'dissatisfied' }, 'callback');
}

/** An order lying in grid1's grid (东华门街道), so its grid member holds the grid scope. */
async function inGrid1(status: string) {
  return orderAt(t, status, { overrides: { location: { gridId: await t.unitId(DEMO.grid), address: '多福巷5号' } } });
}

const CASES: Record<Action, Case> = {
  answer: { as: 'agent', ready: () => intake(t, { requestType: 'inquiry' }), body: () => ({ answer: '可通过12345网站查询办事指南。' }), to: 'answered', wrong: () => orderAt(t, 'dispatched') },
  decline: { as: 'dispatcher', ready: () => intake(t), body: () => ({ reason: 'outside_duty' }), to: 'not_dispatched', wrong: () => orderAt(t, 'closed') },
  dispatch: { as: 'dispatcher', ready: () => intake(t), body: async () => ({ leadUnitId: await t.unitId(DEMO.streets.donghuamen) }), to: 'dispatched', wrong: () => orderAt(t, 'dispatched') },
  merge: { as: 'agent', ready: () => intake(t), body: async () => ({ intoOrderId: (await intake(t)).id }), to: 'merged', wrong: () => orderAt(t, 'signed') },
  sign: { as: 'donghuamen', ready: () => orderAt(t, 'dispatched'), body: () => ({}), to: 'signed', wrong: () => orderAt(t, 'signed') },
  dispute: { as: 'donghuamen', ready: () => orderAt(t, 'signed'), body: () => ({ reason: '不属于本街道职责' }), to: 'disputed', wrong: () => orderAt(t, 'in_progress') },
  adjudicate: { as: 'supervisor', ready: () => orderAt(t, 'disputed'), body: () => ({ decision: 'reject', note: '属地管理，退单不成立' }), to: 'dispatched', wrong: () => orderAt(t, 'dispatched') },
  contact: { as: 'donghuamen', ready: () => orderAt(t, 'signed'), body: () => ({ method: 'phone' }), to: 'in_progress', wrong: () => orderAt(t, 'dispatched') },
  request_extension: { as: 'donghuamen', ready: () => orderAt(t, 'in_progress'), body: () => EXTENSION, to: 'in_progress', wrong: () => orderAt(t, 'awaiting_callback') },
  decide_extension: { as: 'supervisor', ready: withPendingExtension, body: () => ({ approve: true }), to: 'in_progress', wrong: () => orderAt(t, 'dispatched') },
  escalate: { as: 'donghuamen', ready: () => orderAt(t, 'signed'), body: () => ({ reason: '需区级协调' }), to: 'escalated', wrong: () => orderAt(t, 'dispatched') },
  reassign: { as: 'district', ready: () => orderAt(t, 'escalated'), body: async () => ({ leadUnitId: await t.unitId(CO), note: '改由城管委主办' }), to: 'dispatched', wrong: () => orderAt(t, 'in_progress') },
  co_report: { as: 'chengguan', ready: () => orderAt(t, 'signed', { co: [CO] }), body: () => ({ report: '已派执法队员到场' }), to: 'signed', wrong: () => orderAt(t, 'awaiting_callback', { co: [CO] }) },
  feedback: { as: 'donghuamen', ready: () => orderAt(t, 'in_progress'), body: () => ({ result: '已清理', solved: true }), to: 'awaiting_callback', wrong: () => orderAt(t, 'signed') },
  callback: { as: 'callback', ready: () => orderAt(t, 'awaiting_callback'), body: () => GOOD_CALLBACK, to: 'called_back', wrong: () => orderAt(t, 'in_progress') },
  reopen: { as: 'callback', ready: unsolvedCalledBack, body: () => ({ reason: '市民反映问题未解决' }), to: 'in_progress', wrong: () => orderAt(t, 'awaiting_callback') },
  close: { as: 'supervisor', ready: () => orderAt(t, 'called_back'), body: () => ({}), to: 'closed', wrong: () => orderAt(t, 'in_progress') },
  request_exclusion: { as: 'donghuamen', ready: () => orderAt(t, 'closed'), body: () => ({ reason: '恶意重复诉求' }), to: 'closed', wrong: () => orderAt(t, 'signed') },
  decide_exclusion: { as: 'supervisor', ready: withPendingExclusion, body: () => ({ approve: true }), to: 'awaiting_callback', wrong: () => orderAt(t, 'signed') },
  supervise: { as: 'district', ready: () => orderAt(t, 'signed'), body: () => ({ note: '请加快办理' }), to: 'signed', wrong: () => orderAt(t, 'closed') },
  recategorize: { as: 'dispatcher', ready: () => intake(t), body: () => ({ category: '01.02.17', reason: '实为占道经营' }), to: 'received', wrong: () => orderAt(t, 'closed') },
  verify: { as: 'grid1', ready: () => inGrid1('awaiting_callback'), body: () => ({ outcome: 'confirmed', note: '现场已清理干净' }), to: 'awaiting_callback', wrong: () => inGrid1('in_progress') },
};

// Every demo user that can see an order located in and led by 东华门街道, by role.
const VIEWERS: [string, string][] = [
  ['agent', 'intake_agent'], ['dispatcher', 'dispatcher'], ['callback', 'callback_agent'], ['supervisor', 'hotline_supervisor'],
  ['admin', 'admin'], ['district', 'district_supervisor'], ['donghuamen', 'street_staff'],
];
// The demo user for a `who` entry of the table, on the orders made here (lead 东华门, co-handler 城管委).
const USER_FOR: Record<string, string> = {
  'intake_agent/hotline': 'agent', 'dispatcher/hotline': 'dispatcher', 'callback_agent/hotline': 'callback',
  'hotline_supervisor/hotline': 'supervisor', 'street_staff/lead': 'donghuamen', 'department_staff/co_handler': 'chengguan',
  'district_supervisor/district': 'district', 'grid_member/grid': 'grid1',
};
// Staff of other streets and of a department with no part in the order.
const FOREIGN = ['hepingli', 'tiantan', 'zhujian'];

it('has a case for every action of the workflow table', () => {
  expect(Object.keys(CASES).sort()).toEqual([...ACTIONS].sort());
});

describe.each(ACTIONS.map((a) => [a]))('%s', (action: Action) => {
  const def: ActionDef = WORKFLOW[action];
  const c = CASES[action];

  it('is refused to roles outside `who` and to staff of other units, then allowed for a permitted one', async () => {
    const o = await c.ready();
    expect(def.from).toContain(o.status);
    const before = await snapshot(t, o.id);
    const body = await c.body();

    // The table and the server agree on who may act now.
    const entries = def.who.map((w) => USER_FOR[`${w.role}/${w.scope}`]).filter(Boolean);
    expect(entries.length).toBeGreaterThan(0);
    for (const u of entries) {
      const d = await t.get(`/api/work-orders/${o.id}`, u);
      expect(d.body.allowedActions, `${u} on ${action}`).toContain(action);
    }

    // A role not in `who` (and admin, which is in none) → 403 forbidden.
    const outsider = VIEWERS.find(([, role]) => !def.who.some((w) => w.role === role))![0];
    for (const u of new Set([outsider, 'admin'])) {
      expectError(await tryAct(o, action, body, u), 403, 'forbidden');
      expect((await t.get(`/api/work-orders/${o.id}`, u)).body.allowedActions).not.toContain(action);
    }

    // Staff of other units cannot see the order at all: 404, the same as a read.
    for (const u of FOREIGN) {
      expectError(await t.get(`/api/work-orders/${o.id}`, u), 404, 'not_found');
      expectError(await tryAct(o, action, body, u), 404, 'not_found');
    }
    expect(await snapshot(t, o.id)).toEqual(before);

    // The permitted user: the status moves as the table says and one event records who did it.
    const r = await tryAct(o, action, body, c.as);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe(c.to);
    expect(r.body.version).toBe(before.version + 1);
    const after = await snapshot(t, o.id);
    expect(after).toEqual({ version: before.version + 1, events: before.events + 1, status: c.to });
    const e = await lastEvent(t, o.id);
    expect(e).toMatchObject({
      type: EVENT_TYPES[action],
      action,
      actor_id: await userId(t, c.as),
      from_status: o.status,
      to_status: c.to,
    });
    expect(e.type).toMatch(/^work_order\./);
    expect(def.who.map((w) => w.role)).toContain(e.actor_role);
  });

  it('is refused from a status outside `from` with 409 invalid_transition, changing nothing', async () => {
    const o = await c.wrong();
    expect(def.from).not.toContain(o.status);
    const before = await snapshot(t, o.id);
    const r = await tryAct(o, action, await c.body(), c.as);
    expectError(r, 409, 'invalid_transition');
    expect(r.body.details).toMatchObject({ action, status: o.status, guard: null });
    expect(await snapshot(t, o.id)).toEqual(before);
  });
});

describe('scope: staff of another unit', () => {
  it('gets 403 (not 404) when the order lies in their territory but another unit leads it', async () => {
    const hepingli = await t.unitId(DEMO.streets.hepingli);
    const o = await orderAt(t, 'dispatched', { overrides: { location: { streetId: hepingli, address: '和平里东街1号' } } });
    expect(o.leadUnit.id).toBe(await t.unitId(DEMO.streets.donghuamen));
    const before = await snapshot(t, o.id);
    expect((await t.get(`/api/work-orders/${o.id}`, 'hepingli')).status).toBe(200);
    for (const action of ['sign', 'dispute']) expectError(await tryAct(o, action, { reason: '不属实' }, 'hepingli'), 403, 'forbidden');
    // 东华门 leads an order outside its territory: it sees it through the assignment and may sign it.
    expect((await t.get(`/api/work-orders/${o.id}`, 'donghuamen')).body.allowedActions).toEqual(expect.arrayContaining(['sign', 'dispute']));
    expect(await snapshot(t, o.id)).toEqual(before);
  });

  it('the lead may not report as a co-handler, and a co-handler may not take lead actions', async () => {
    const o = await orderAt(t, 'signed', { co: [CO] });
    const before = await snapshot(t, o.id);
    expectError(await tryAct(o, 'co_report', { report: '主办单位不是协办单位' }, 'donghuamen'), 403, 'forbidden');
    for (const action of ['contact', 'dispute', 'escalate']) expectError(await tryAct(o, action, { reason: '协办越权' }, 'chengguan'), 403, 'forbidden');
    expect(await snapshot(t, o.id)).toEqual(before);
  });
});

describe('guards', () => {
  const refusedBy = async (o: any, action: string, body: Record<string, unknown>, as: string, guard: string) => {
    const fresh = (await t.get(`/api/work-orders/${o.id}`, 'supervisor')).body;
    const before = await snapshot(t, o.id);
    const r = await tryAct(fresh, action, body, as);
    expectError(r, 409, 'invalid_transition');
    expect(r.body.details.guard).toBe(guard);
    expect(await snapshot(t, o.id)).toEqual(before);
  };

  it('refuses a second pending extension, and a decision without a pending one', async () => {
    const o = await withPendingExtension();
    await refusedBy(o, 'request_extension', EXTENSION, 'donghuamen', 'noPendingExtension');
    const pending = await t.db.query(`select id from extensions where order_id = $1 and status = 'pending'`, [o.id]);
    expect(pending.rows).toHaveLength(1);
    await actOk(t, o.id, 'decide_extension', { approve: false, note: '理由不充分' }, 'supervisor');
    await refusedBy(o, 'decide_extension', { approve: true }, 'supervisor', 'hasPendingExtension');
    // Once decided, the unit may ask again.
    await actOk(t, o.id, 'request_extension', { ...EXTENSION, reason: '补充材料后再次申请' }, 'donghuamen');
  });

  it.each([
    [{ solved: true, satisfaction: 'satisfied' }, false],
    [{ solved: true, satisfaction: 'basically_satisfied' }, false],
    [{ solved: false, satisfaction: 'satisfied' }, true],
    [{ solved: true, satisfaction: 'dissatisfied' }, true],
  ])('reopen after a callback %o: allowed = %s', async (outcome, allowed) => {
    const o = await orderAt(t, 'awaiting_callback');
    await actOk(t, o.id, 'callback', { valid: true, contacted: true, ...outcome }, 'callback');
    const d = await t.get(`/api/work-orders/${o.id}`, 'callback');
    expect(d.body.allowedActions.includes('reopen')).toBe(allowed);
    expect(d.body.allowedActions).toContain('close');
    if (allowed) await actOk(t, o.id, 'reopen', { reason: '重办' }, 'callback');
    else await refusedBy(o, 'reopen', { reason: '重办' }, 'callback', 'lastCallbackUnsatisfied');
  });

  it('refuses a second exclusion request while one is pending, and any once excluded', async () => {
    const o = await orderAt(t, 'closed');
    await refusedBy(o, 'decide_exclusion', { approve: true }, 'supervisor', 'hasPendingExclusion');
    await actOk(t, o.id, 'request_exclusion', { reason: '恶意重复诉求' }, 'donghuamen');
    await refusedBy(o, 'request_exclusion', { reason: '再次申请' }, 'donghuamen', 'noPendingExclusion');
    await actOk(t, o.id, 'decide_exclusion', { approve: false }, 'supervisor');
    await actOk(t, o.id, 'request_exclusion', { reason: '补充证据' }, 'donghuamen');
    const approved = await actOk(t, o.id, 'decide_exclusion', { approve: true }, 'supervisor');
    expect(approved.excluded).toBe(true);
    await refusedBy(o, 'request_exclusion', { reason: '第三次' }, 'donghuamen', 'notExcluded');
    const rows = await t.db.query<{ status: string }>('select status from exclusions where order_id = $1 order by id', [o.id]);
    expect(rows.rows.map((r) => r.status)).toEqual(['refused', 'approved']);
  });
});
