import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, actOk, intake, orderIn } from '../support/factories.ts';
import { consumeWorkOrderNotices, noticesFor } from '../../src/server/modules/notifications/work-order-notices.ts';
import type { WorkOrderEventRow } from '../../src/server/modules/notifications/work-order-event-tables.ts';
import type { Queryable } from '../../src/server/db/client.ts';
import { deliverOutbound, MAX_ATTEMPTS } from '../../src/server/modules/notifications/outbound-delivery.ts';
import { logSender, senderFor, type OutboundMessage, type OutboundSender } from '../../src/server/modules/notifications/outbound-sender.ts';
import { silentLogger, type Logger } from '../../src/server/lib/ctx.ts';
import { loadConfig } from '../../src/server/config.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const ctx = () => ({ db: t.db, actor: null, now: t.now, log: silentLogger });
const inbox = async (user: string) => (await t.get('/api/notifications?pageSize=100', user)).body.items as any[];
const kindsFor = async (user: string, orderId: number) => (await inbox(user)).filter((n) => n.subjectId === orderId).map((n) => n.kind);

describe('work-order notices from the event log', () => {
  it('tells the lead unit of a dispatch and co-handlers of theirs, once, across a restart', async () => {
    const o = await intake(t);
    await actOk(t, o.id, 'dispatch', { leadUnitId: await t.unitId(DEMO.streets.donghuamen), coHandlerUnitIds: [await t.unitId(DEMO.departments.chengguan)] }, 'dispatcher');
    const first = await consumeWorkOrderNotices(ctx());
    expect(first.consumed).toBeGreaterThanOrEqual(2);
    expect(await kindsFor('donghuamen', o.id)).toEqual(['work_order.dispatched']);
    expect(await kindsFor('chengguan', o.id)).toEqual(['work_order.co_handling']);
    expect(await kindsFor('hepingli', o.id)).toEqual([]);
    const n = (await inbox('donghuamen')).find((x) => x.subjectId === o.id);
    expect(n).toMatchObject({ link: `/console/orders/${o.id}`, data: { code: o.code } });
    expect(n.title.zh).toContain(o.code);

    // A restart is a fresh run over the same database: the checkpoint and marks hold.
    const again = await consumeWorkOrderNotices(ctx());
    expect(again.consumed).toBe(0);
    // An event committed late below the checkpoint is still handled, and only once.
    const cp = (await t.db.query<{ last_id: number }>(`select last_id from event_consumers where name = 'work-order-notices'`)).rows[0].last_id;
    await t.db.query(`delete from consumed_events where consumer = 'work-order-notices' and event_id = $1`, [cp]);
    await t.db.query(`delete from notifications where subject_id = $1`, [o.id]);
    await consumeWorkOrderNotices(ctx());
    await consumeWorkOrderNotices(ctx());
    expect((await t.db.query<{ n: number }>(`select count(*)::int as n from notifications where subject_id = $1 and kind = 'work_order.dispatched'`, [o.id])).rows[0].n).toBe(1);
  });

  it('reads nothing for an event that tells nobody, such as an intake', async () => {
    const o = await intake(t);
    const seen: string[] = [];
    const q: Queryable = { cache: t.db.cache, query: (text, params, opts) => (seen.push(text), t.db.query(text, params, opts)), exec: (sql) => t.db.exec(sql) };
    const events = (await t.db.query<WorkOrderEventRow>('select * from work_order_events where order_id = $1 order by seq', [o.id])).rows;
    expect(events.map((e) => e.type)).toEqual(['work_order.received']);
    expect(await noticesFor(q, events[0])).toEqual([]);
    expect(seen).toEqual([]);
    // A dispatch is read and told.
    await actOk(t, o.id, 'dispatch', { leadUnitId: await t.unitId(DEMO.streets.donghuamen) }, 'dispatcher');
    const dispatched = (await t.db.query<WorkOrderEventRow>(`select * from work_order_events where order_id = $1 and type = 'work_order.dispatched'`, [o.id])).rows[0];
    expect((await noticesFor(q, dispatched)).map((n) => n.kind)).toEqual(['work_order.dispatched']);
    expect(seen).toHaveLength(1);
  });

  it('two consumers at once handle each event once', async () => {
    const o = await intake(t);
    await actOk(t, o.id, 'dispatch', { leadUnitId: await t.unitId(DEMO.streets.hepingli) }, 'dispatcher');
    await Promise.all([consumeWorkOrderNotices(ctx()), consumeWorkOrderNotices(ctx()), consumeWorkOrderNotices(ctx())]);
    await consumeWorkOrderNotices(ctx());
    expect(await kindsFor('hepingli', o.id)).toEqual(['work_order.dispatched']);
  });

  it('supervision, due soon, overdue, reopened and a dispute decision reach the right units', async () => {
    const o = await orderIn(t, 'signed');
    await consumeWorkOrderNotices(ctx());
    await actOk(t, o.id, 'supervise', { note: '请加快办理' }, 'supervisor');
    // The sweep's automatic warnings and overdue marks are events too.
    t.advance(30 * 24 * 3600_000);
    expect((await t.post('/api/deadlines/sweep', {}, 'supervisor')).status).toBe(200);
    await consumeWorkOrderNotices(ctx());
    const kinds = await kindsFor('donghuamen', o.id);
    expect(kinds).toContain('work_order.supervision');
    expect(kinds).toContain('work_order.due_soon');
    expect(kinds).toContain('work_order.overdue');
    expect(await kindsFor('district', o.id)).toContain('work_order.overdue');
    const overdue = (await t.db.query<{ outbound: string[] }>(`select outbound from notifications where subject_id = $1 and kind = 'work_order.overdue' limit 1`, [o.id])).rows[0];
    expect(overdue.outbound).toEqual(['sms']);

    const d = await orderIn(t, 'dispatched');
    await actOk(t, d.id, 'dispute', { reason: '不属于本街道职责' }, 'donghuamen');
    await actOk(t, d.id, 'adjudicate', { decision: 'reject', note: '属于街道职责' }, 'supervisor');
    await consumeWorkOrderNotices(ctx());
    const decided = (await inbox('donghuamen')).find((n) => n.subjectId === d.id && n.kind === 'work_order.dispute_decided');
    expect(decided?.data.decision).toBe('reject');

    const r = await orderIn(t, 'awaiting_callback');
    await actOk(t, r.id, 'callback', { valid: true, contacted: true, solved: false, satisfaction: 'dissatisfied' }, 'callback');
    await actOk(t, r.id, 'reopen', { reason: '诉求人不满意' }, 'callback');
    await consumeWorkOrderNotices(ctx());
    expect(await kindsFor('donghuamen', r.id)).toContain('work_order.reopened');
  });
});

describe('outbound sender', () => {
  const recorder = (fail = false): OutboundSender & { sent: OutboundMessage[] } => {
    const sent: OutboundMessage[] = [];
    return {
      name: 'test',
      sent,
      async send(m) {
        if (fail) throw new Error('gateway down');
        sent.push(m);
      },
    };
  };

  it('sends pending outbound notifications once, to the user’s phone, and retries failures up to a limit', async () => {
    await t.db.query(`update users set phone = '13900001111' where username = 'donghuamen'`);
    await t.db.query(`update notifications set outbound_sent_at = now() where outbound is not null`);
    const o = await intake(t, { urgency: 'emergency' });
    await actOk(t, o.id, 'dispatch', { leadUnitId: await t.unitId(DEMO.streets.donghuamen) }, 'dispatcher');
    await consumeWorkOrderNotices(ctx());

    const down = recorder(true);
    expect(await deliverOutbound(ctx(), down)).toMatchObject({ sent: 0, failed: 1 });
    const up = recorder();
    expect(await deliverOutbound(ctx(), up)).toMatchObject({ sent: 1, failed: 0 });
    expect(up.sent).toHaveLength(1);
    expect(up.sent[0]).toMatchObject({ channel: 'sms', to: '13900001111' });
    expect(up.sent[0].text).toContain(o.code);
    expect(await deliverOutbound(ctx(), up)).toMatchObject({ sent: 0, failed: 0 });
    expect(up.sent).toHaveLength(1);

    const o2 = await intake(t, { urgency: 'emergency' });
    await actOk(t, o2.id, 'dispatch', { leadUnitId: await t.unitId(DEMO.streets.donghuamen) }, 'dispatcher');
    await consumeWorkOrderNotices(ctx());
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) await deliverOutbound(ctx(), down);
    const row = (await t.db.query<{ outbound_attempts: number; outbound_sent_at: Date | null }>(`select outbound_attempts, outbound_sent_at from notifications where subject_id = $1 and outbound is not null`, [o2.id])).rows[0];
    expect(row).toEqual({ outbound_attempts: MAX_ATTEMPTS, outbound_sent_at: null });
  });

  it('the development sender writes to the log, and configuration picks the sender', async () => {
    const lines: unknown[] = [];
    const log: Logger = { info: (msg, data) => lines.push({ msg, ...data }), warn: () => undefined, error: () => undefined };
    await logSender(log).send({ channel: 'sms', to: '13900001111', subject: '紧急', text: '紧急工单', notificationId: 7 });
    expect(lines).toEqual([{ msg: 'outbound message', channel: 'sms', to: '13900001111', subject: '紧急', text: '紧急工单', notificationId: 7 }]);
    expect(senderFor(loadConfig({}).SHAOBAO_OUTBOUND_SENDER, log)?.name).toBe('log');
    expect(senderFor(loadConfig({ SHAOBAO_OUTBOUND_SENDER: 'none' }).SHAOBAO_OUTBOUND_SENDER, log)).toBeNull();
    expect(() => loadConfig({ SHAOBAO_OUTBOUND_SENDER: 'carrier-pigeon' })).toThrow(/SHAOBAO_OUTBOUND_SENDER/);
  });
});
