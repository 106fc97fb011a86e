import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, actOk, expectError, intake, orderAt, snapshot, tableCounts } from '../support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Move = [action: string, body: Record<string, unknown>, as: string];
const GOOD_CALLBACK = { valid: true, contacted: true, solved: true, satisfaction: 'satisfied' };

/** Sends every move at once, all with the version the order has now. */
async function race(o: { id: number }, moves: Move[]) {
  const before = await snapshot(t, o.id);
  const rs = await Promise.all(
    moves.map(([action, body, as]) => t.post(`/api/work-orders/${o.id}/${action.replaceAll('_', '-')}`, { version: before.version, ...body }, as)),
  );
  const winners = rs.filter((r) => r.status === 200);
  const losers = rs.filter((r) => r.status !== 200);
  expect(winners, JSON.stringify(rs.map((r) => r.body))).toHaveLength(1);
  for (const r of losers) {
    expectError(r, 409, 'version_conflict');
    expect(r.body.details).toEqual({ expected: before.version, actual: before.version + 1 });
  }
  const after = await snapshot(t, o.id);
  expect(after).toEqual({ version: before.version + 1, events: before.events + 1, status: winners[0].body.status });
  return { winner: moves[rs.indexOf(winners[0])][0], after };
}

describe('two people act on one order at once with the same version: one wins, one gets version_conflict', () => {
  it('sign and dispute by the lead street', async () => {
    const o = await orderAt(t, 'dispatched');
    const { winner, after } = await race(o, [['sign', {}, 'donghuamen'], ['dispute', { reason: '不属于本街道' }, 'donghuamen']]);
    expect(after.status).toBe(winner === 'sign' ? 'signed' : 'disputed');
    const disputes = await t.db.query('select 1 from disputes where order_id = $1', [o.id]);
    expect(disputes.rows).toHaveLength(winner === 'dispute' ? 1 : 0);
  });

  it('two callbacks with different outcomes', async () => {
    const o = await orderAt(t, 'awaiting_callback');
    await race(o, [
      ['callback', GOOD_CALLBACK, 'callback'],
      ['callback', { ...GOOD_CALLBACK, solved: false, satisfaction: 'dissatisfied' }, 'callback'],
    ]);
    const rows = await t.db.query<{ round: number }>('select round from callbacks where order_id = $1', [o.id]);
    expect(rows.rows).toEqual([{ round: 1 }]);
  });

  it('dispatch by the dispatcher and answer by an agent', async () => {
    const o = await intake(t);
    const { winner } = await race(o, [
      ['dispatch', { leadUnitId: await t.unitId(DEMO.streets.donghuamen) }, 'dispatcher'],
      ['answer', { answer: '已电话解释' }, 'agent'],
    ]);
    const assignments = await t.db.query('select 1 from work_order_assignments where order_id = $1', [o.id]);
    expect(assignments.rows.length > 0).toBe(winner === 'dispatch');
  });

  it('two extension requests by the lead', async () => {
    const o = await orderAt(t, 'in_progress');
    const ext = { reason: '需协调', days: 2, requesterInformed: true };
    await race(o, [['request_extension', ext, 'donghuamen'], ['request_extension', { ...ext, days: 5 }, 'donghuamen']]);
    const rows = await t.db.query(`select 1 from extensions where order_id = $1 and status = 'pending'`, [o.id]);
    expect(rows.rows).toHaveLength(1);
  });

  it('close and reopen after an unsolved callback', async () => {
    const o = await orderAt(t, 'awaiting_callback');
    await actOk(t, o.id, 'callback', { ...GOOD_CALLBACK, solved: false }, 'callback');
    const { winner, after } = await race(await snapshotOrder(o.id), [['close', {}, 'callback'], ['reopen', { reason: '未解决' }, 'supervisor']]);
    expect(after.status).toBe(winner === 'close' ? 'closed' : 'in_progress');
  });

  it('eight supervision orders at once: exactly one is recorded', async () => {
    const o = await orderAt(t, 'signed');
    await race(o, Array.from({ length: 8 }, (_, i): Move => ['supervise', { note: `督办${i}` }, i % 2 ? 'district' : 'supervisor']));
    const rows = await t.db.query('select 1 from supervisions where order_id = $1', [o.id]);
    expect(rows.rows).toHaveLength(1);
  });
});

async function snapshotOrder(id: number) {
  return { id, ...(await snapshot(t, id)) };
}

it('twenty concurrent intakes get twenty distinct orders and codes', async () => {
  const before = await tableCounts(t);
  const streetId = await t.unitId(DEMO.streets.donghuamen);
  const rs = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      t.post('/api/work-orders', { channel: 'phone', requestType: 'complaint', title: `并发受理 ${i}`, text: '并发受理测试', location: { streetId } }, i % 2 ? 'agent' : 'dispatcher'),
    ),
  );
  expect(rs.map((r) => r.status)).toEqual(Array(20).fill(201));
  const codes = rs.map((r) => r.body.code);
  expect(new Set(codes).size).toBe(20);
  for (const c of codes) expect(c).toMatch(/^GD20260302\d{6}$/);
  expect(new Set(rs.map((r) => r.body.id)).size).toBe(20);
  expect(await tableCounts(t)).toMatchObject({ orders: before.orders + 20, events: before.events + 20 });
  const events = await t.db.query<{ n: number }>(
    `select count(*)::int as n from work_order_events where type = 'work_order.received' and order_id = any($1::bigint[])`,
    [rs.map((r) => r.body.id)],
  );
  expect(events.rows[0].n).toBe(20);
});
