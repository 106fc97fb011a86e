import { expect } from 'vitest';
import type { TestApp, Res } from './test-app.ts';

export const DEMO = {
  district: '110101',
  streets: { donghuamen: '110101001', hepingli: '110101010', tiantan: '110101016' },
  community: '110101001001',
  grid: '110101001001001',
  departments: { chengguan: 'D110101-UMC', zhujian: 'D110101-HUD', shijian: 'D110101-AMR', water: 'E110000-WATER' },
} as const;

/** Which demo account acts for which unit code. */
export const STAFF_OF: Record<string, string> = {
  '110101001': 'donghuamen',
  '110101010': 'hepingli',
  '110101016': 'tiantan',
  'D110101-UMC': 'chengguan',
  'D110101-HUD': 'zhujian',
  'D110101-AMR': 'shijian',
  'E110000-WATER': 'water',
};

export async function intake(t: TestApp, overrides: Record<string, unknown> = {}, as = 'agent'): Promise<any> {
  const streetId = await t.unitId(DEMO.streets.donghuamen);
  const r = await t.post(
    '/api/work-orders',
    {
      channel: 'phone',
      requestType: 'complaint',
      title: '小区门口占道经营',
      text: '每天傍晚有摊贩在东华门大街占道经营，噪音扰民，希望有关部门管理。',
      location: { streetId, address: '东华门大街12号' },
      requester: { name: '张三', phone: '13812345678' },
      ...overrides,
    },
    as,
  );
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return (await t.get(`/api/work-orders/${r.body.id}`, 'supervisor')).body;
}

/** Takes an action with the order's current version, as the named user. */
export async function act(t: TestApp, id: number, action: string, body: Record<string, unknown>, as: string): Promise<Res> {
  const current = await t.get(`/api/work-orders/${id}`, 'supervisor');
  return t.post(`/api/work-orders/${id}/${action.replaceAll('_', '-')}`, { version: current.body.version, ...body }, as);
}

export async function actOk(t: TestApp, id: number, action: string, body: Record<string, unknown>, as: string): Promise<any> {
  const r = await act(t, id, action, body, as);
  expect(r.status, `${action} as ${as}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
}

const PATH: [string, string, (t: TestApp) => Promise<Record<string, unknown>>, string][] = [
  ['received', 'dispatch', async (t) => ({ leadUnitId: await t.unitId(DEMO.streets.donghuamen) }), 'dispatcher'],
  ['dispatched', 'sign', async () => ({}), 'donghuamen'],
  ['signed', 'contact', async () => ({}), 'donghuamen'],
  ['in_progress', 'feedback', async () => ({ result: '已协调城管清理摊贩', solved: true }), 'donghuamen'],
  ['awaiting_callback', 'callback', async () => ({ valid: true, contacted: true, solved: true, satisfaction: 'satisfied' }), 'callback'],
  ['called_back', 'close', async () => ({}), 'callback'],
];

/** Drives a new order (led by 东华门街道) along the main path until it reaches `status`. */
export async function orderIn(t: TestApp, status: string, overrides: Record<string, unknown> = {}): Promise<any> {
  let order = await intake(t, overrides);
  for (const [from, action, body, as] of PATH) {
    if (order.status === status) break;
    expect(order.status).toBe(from);
    order = await actOk(t, order.id, action, await body(t), as);
  }
  if (status === 'disputed') order = await actOk(t, order.id, 'dispute', { reason: '不属于本街道职责' }, 'donghuamen');
  if (status === 'escalated') order = await actOk(t, order.id, 'escalate', { reason: '需区级协调' }, 'donghuamen');
  const fresh = await t.get(`/api/work-orders/${order.id}`, 'supervisor');
  return fresh.body;
}

// ---- Added for the API suite (test/api/*.test.ts) ------------------------------------------------

export const PHONE = '13812345678';

/**
 * Like orderIn, but also reaches 'disputed' (via 'dispatched' or 'signed') and 'escalated' (via
 * 'signed' or 'in_progress'), and can dispatch with co-handlers (unit codes) besides the lead 东华门街道.
 */
export async function orderAt(
  t: TestApp,
  status: string,
  opts: { via?: string; co?: string[]; overrides?: Record<string, unknown> } = {},
): Promise<any> {
  const walkTo = status === 'disputed' ? (opts.via ?? 'dispatched') : status === 'escalated' ? (opts.via ?? 'in_progress') : status;
  let order = await intake(t, opts.overrides ?? {});
  for (const [from, action, body, as] of PATH) {
    if (order.status === walkTo) break;
    expect(order.status).toBe(from);
    const extra = action === 'dispatch' ? { coHandlerUnitIds: await Promise.all((opts.co ?? []).map((c) => t.unitId(c))) } : {};
    order = await actOk(t, order.id, action, { ...(await body(t)), ...extra }, as);
  }
  expect(order.status).toBe(walkTo);
  if (status === 'disputed') order = await actOk(t, order.id, 'dispute', { reason: '不属于本街道职责' }, 'donghuamen');
  if (status === 'escalated') order = await actOk(t, order.id, 'escalate', { reason: '需区级协调' }, 'donghuamen');
  return (await t.get(`/api/work-orders/${order.id}`, 'supervisor')).body;
}

export async function userId(t: TestApp, username: string): Promise<number> {
  const r = await t.db.query<{ id: number }>('select id from users where username = $1', [username]);
  if (!r.rows[0]) throw new Error(`no user ${username}`);
  return r.rows[0].id;
}

/** An order's version and event count: a refused action must leave both as they were. */
export async function snapshot(t: TestApp, orderId: number): Promise<{ version: number; events: number; status: string }> {
  const r = await t.db.query<{ version: number; events: number; status: string }>(
    `select o.version, o.status, (select count(*)::int from work_order_events e where e.order_id = o.id) as events
     from work_orders o where o.id = $1`,
    [orderId],
  );
  return r.rows[0];
}

/** Row counts of the tables a request could write to. */
export async function tableCounts(t: TestApp): Promise<Record<string, number>> {
  const r = await t.db.query<Record<string, number>>(
    `select (select count(*)::int from work_orders) as orders, (select count(*)::int from work_order_events) as events,
            (select count(*)::int from attachments) as attachments, (select count(*)::int from idempotency_keys) as keys,
            (select count(*)::int from work_order_assignments) as assignments, (select count(*)::int from deadlines) as deadlines`,
  );
  return r.rows[0];
}

/** The newest event of an order, as stored. */
export async function lastEvent(t: TestApp, orderId: number): Promise<any> {
  const r = await t.db.query('select * from work_order_events where order_id = $1 order by seq desc limit 1', [orderId]);
  return r.rows[0];
}

/** Asserts the error shape every API error has: {code, message, details} with the given status and code. */
export function expectError(r: Res, status: number, code: string): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body).toEqual({ code, message: expect.any(String), details: expect.any(Object) });
  expect(r.body.message.length).toBeGreaterThan(0);
}

/** A raw response (for binary bodies), signed in as the named demo user. */
export async function rawRequest(t: TestApp, path: string, as: string): Promise<Response> {
  const login = await t.app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: as, password: `demo-${as}-2026` }),
  });
  const { token } = (await login.json()) as { token: string };
  return t.app.request(path, { headers: { authorization: `Bearer ${token}` } });
}
