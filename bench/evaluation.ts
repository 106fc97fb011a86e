/**
 * Evaluation on a year of history: builds rollups for a SQL-filled year of called-back orders with
 * the event-log consumer, then times the reads. Targets on the server database: rankings of every
 * group for a month < 1 s, a score card < 100 ms, a drill-down page < 100 ms.
 *   npx tsx bench/evaluation.ts [--orders 200000] [--embedded] [--keep DIR | --url postgres://…]
 * With --keep, the kept server cluster of `bench/scale.ts --keep DIR` (or --url, a server already
 * running on it): a database that already holds at least N orders (the product's generated history,
 * judged by the generator) is measured as it is, on its busiest period. Otherwise the history is a
 * plain SQL fill (dispatch and callback events, callbacks) over the demo city.
 */
import { parseArgs } from 'node:util';
import { migrate } from '../src/server/db/migrate.ts';
import { seedReference } from '../src/server/db/seed/reference.ts';
import { seedDemoCity } from '../src/server/db/seed/demo-city.ts';
import { openPostgres, type Db } from '../src/server/db/client.ts';
import { openDatabase, serverSettings } from '../src/server/db/open.ts';
import { silentLogger, type Ctx } from '../src/server/lib/ctx.ts';
import { loadActor } from '../src/server/modules/org/auth.ts';
import { catchUp, consumeBatch, startEvaluationConsumer } from '../src/server/modules/evaluation/evaluation-consumer.ts';
import { getDimensions } from '../src/server/modules/evaluation/dimension-queries.ts';
import { getReport } from '../src/server/modules/evaluation/report-queries.ts';
import { reportPdf } from '../src/server/modules/evaluation/report-pdf.ts';
import { findReportFont } from '../src/server/modules/evaluation/report-font.ts';
import { buildApp } from '../src/server/app.ts';
import { getRanking, getScore, getTrend } from '../src/server/modules/evaluation/evaluation-queries.ts';
import { drillPage, getDrilldown } from '../src/server/modules/evaluation/drilldown-queries.ts';
import { getIndicators } from '../src/server/modules/evaluation/indicator-queries.ts';
import { loadPolicies } from '../src/server/modules/evaluation/evaluation-rollups.ts';
import { GROUPS } from '../src/server/modules/evaluation/evaluation-policy.ts';
import fs from 'node:fs';
import { benchPasswords, startPostgres, tempDataDir, bestOf as time } from './support.ts';

const { values } = parseArgs({
  options: { orders: { type: 'string', default: '200000' }, embedded: { type: 'boolean', default: false }, 'latency-orders': { type: 'string', default: '40' }, keep: { type: 'string' }, url: { type: 'string' } },
});
const N = Number(values.orders);

async function fill(db: Db): Promise<void> {
  // Orders over 2026, led by a random lead-capable unit; one dispatch and one callback event each.
  await db.exec(`
    select setseed(0.42);
    create temp table leads as select row_number() over (order by id) as i, id from units where kind in ('district','street','township','department','enterprise');
    insert into work_orders(code, status, channel, request_type, title, text, urgency, street_id, lead_unit_id, received_at, dispatched_at, signed_at,
                            due_sign_at, feedback_at, due_feedback_at, requester_phone, updated_at)
    select 'GDB' || lpad(g::text, 12, '0'), 'closed', 'phone', 'complaint', '占道经营', '每天傍晚有摊贩占道经营', 'general',
           (select id from units where kind = 'street' order by id limit 1 offset (g % 17)),
           (select id from leads where i = 1 + (g::bigint * 7919) % (select count(*) from leads)),
           t, t + interval '1 hour', t + interval '2 hour', t + interval '3 hour', t + interval '3 day', t + interval '5 day',
           '139' || lpad((g % 500000)::text, 8, '0'), t
      from generate_series(1, ${N}) g, lateral (select timestamptz '2026-01-01 00:00+08' + (g::double precision / ${N}) * interval '360 day' as t) x;
    insert into work_order_events(order_id, seq, type, action, at, from_status, to_status, data)
    select id, 1, 'work_order.dispatched', 'dispatch', dispatched_at, 'received', 'dispatched', jsonb_build_object('leadUnitId', lead_unit_id, 'coHandlerUnitIds', '[]'::jsonb)
      from work_orders where code like 'GDB%';
    insert into callbacks(order_id, round, valid, contacted, solved, satisfaction, at)
    select id, 1, true, random() < 0.9, random() < 0.75, (array['satisfied','basically_satisfied','dissatisfied'])[1 + floor(random() * 3)::int], received_at + interval '6 day'
      from work_orders where code like 'GDB%';
    insert into work_order_events(order_id, seq, type, action, at, from_status, to_status, data)
    select order_id, 2, 'work_order.called_back', 'callback', at, 'awaiting_callback', 'called_back', jsonb_build_object('round', 1, 'valid', true)
      from callbacks where order_id in (select id from work_orders where code like 'GDB%');
    analyze;
  `);
}

async function measure(label: string, db: Db) {
  await migrate(db);
  const held = (await db.query<{ n: number }>('select count(*)::int as n from work_orders')).rows[0].n;
  const generated = held >= N;
  let t0 = performance.now();
  if (generated) await benchPasswords(db, ['agent', 'dispatcher', 'donghuamen', 'callback', 'supervisor'], (u) => `bench-${u}-pass`);
  else {
    await seedReference(db);
    await seedDemoCity(db, { passwordFor: (u) => `bench-${u}-pass` });
    await fill(db);
  }
  const fillS = (performance.now() - t0) / 1000;
  const sup = (await db.query<{ id: number }>(`select id from users where username = 'supervisor'`)).rows[0].id;
  const ctx: Ctx = { db, actor: await loadActor(db, sup), now: () => (generated ? new Date() : new Date('2026-12-30T00:00:00Z')), log: silentLogger };
  t0 = performance.now();
  const events = await catchUp(ctx, 1_000_000);
  const buildS = (performance.now() - t0) / 1000;
  // What autovacuum would have done by now on a live server.
  await db.exec('analyze');
  // The SQL fill's June, or the generated history's fullest period.
  const period = generated
    ? (await db.query<{ period: string }>('select period from evaluation_rollups group by period order by sum(valid_callbacks) desc limit 1')).rows[0].period
    : '2026-06';
  const busiest = (await db.query<{ unit_id: number }>(`select unit_id from evaluation_rollups where period = $1 order by valid_callbacks desc limit 1`, [period])).rows[0].unit_id;
  const idleCatchUp = await time(() => catchUp(ctx));
  const policies = await time(() => loadPolicies(db));
  const page = await time(() => drillPage(db, busiest, period, 'all', [0, 0], 50));
  const rankings = await time(async () => Promise.all(GROUPS.map((g) => getRanking(ctx, g, period))).then((r) => r.reduce((n, x) => n + x.items.length, 0)));
  const card = await time(async () => Promise.all([getScore(ctx, busiest, period), getTrend(ctx, busiest, period)]));
  const indicators = await time(() => getIndicators(ctx, busiest, period));
  const first = await time(() => getDrilldown(ctx, { unitId: busiest, period: period, filter: 'not_solved' }));
  const middle = (
    await db.query<{ order_id: number }>(
      `select order_id from evaluation_order_results where period = $2 and unit_id = $1 order by order_id offset (select count(*) / 2 from evaluation_order_results where period = $2 and unit_id = $1) limit 1`,
      [busiest, period],
    )
  ).rows[0].order_id;
  const deep = await time(() => getDrilldown(ctx, { unitId: busiest, period: period, filter: 'all', after: `${middle}:0` }));
  // One more callback event: what the consumer spends to bring the rollups current again.
  const one = (await db.query<{ id: number }>(`select max(id) as id from work_orders`)).rows[0].id;
  await db.query(`insert into work_order_events(order_id, seq, type, at, data) select $1, coalesce(max(seq), 0) + 1, 'work_order.exclusion_decided', now(), '{}' from work_order_events where order_id = $1`, [one]);
  const tick = await time(() => consumeBatch(ctx), 1);
  const district = (await db.query<{ id: number }>(`select id from units where kind = 'district' order by id limit 1`)).rows[0].id;
  const dims = await time(() => getDimensions(ctx, district, period), 3);
  const report = await time(() => getReport(ctx, district, period), 3);
  const pdf = await time(async () => {
    let bytes = 0;
    for await (const chunk of reportPdf(report.result, findReportFont(), 'zh')) bytes += (chunk as Buffer).length;
    return bytes;
  }, 3);
  const cost = await latencyCost(db, ctx, Number(values['latency-orders']));
  console.log(
    JSON.stringify({
      database: label,
      orders: generated ? held : N,
      period,
      fillSeconds: Math.round(fillS),
      rollupBuild: { events, seconds: Math.round(buildS * 10) / 10, eventsPerSecond: Math.round(events / buildS) },
      rankingsAllGroupsMs: rankings.ms,
      rankedUnits: rankings.result,
      scoreCardMs: card.ms,
      indicatorsMs: indicators.ms,
      drilldownFirstPageMs: first.ms,
      drilldownLaterPageMs: deep.ms,
      drillRowsOfBusiestUnit: first.result.total,
      consumerOneEventMs: tick.ms,
      dimensionsDistrictMs: dims.ms,
      reportDistrictMs: report.ms,
      reportPdfMs: pdf.ms,
      reportPdfBytes: pdf.result,
      latency: cost,
      parts: { idleCatchUpMs: idleCatchUp.ms, loadPoliciesMs: policies.ms, drillPageQueryMs: page.ms },
    }),
  );
}

type Phase = { intakeMs: number[]; callbackMs: number[] };
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] * 10) / 10;
};

/**
 * What keeping the rollups current costs intake and callbacks: the same HTTP calls (in-process app,
 * real database) with the evaluation consumer off and on, alternating so drift hits both alike.
 * The consumer ticks every 200 ms here (the server's is 2 s), to make its share visible.
 */
async function latencyCost(db: Db, sys: Ctx, perPhase: number) {
  const app = buildApp({ db, now: () => new Date(), log: silentLogger, sessionHours: 24, webDir: null });
  const tokens: Record<string, string> = {};
  for (const u of ['agent', 'dispatcher', 'donghuamen', 'callback', 'supervisor']) {
    const r = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: `bench-${u}-pass` }) });
    tokens[u] = ((await r.json()) as { token: string }).token;
  }
  const call = async (method: string, path: string, as: string, body?: unknown) => {
    const r = await app.request(path, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[as]}` }, body: body === undefined ? undefined : JSON.stringify(body) });
    const j = (await r.json()) as Record<string, unknown>;
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(j)}`);
    return j;
  };
  const street = (await db.query<{ id: number }>(`select id from units where code = '110101001'`)).rows[0].id;
  const act = async (id: number, action: string, body: Record<string, unknown>, as: string) =>
    call('POST', `/api/work-orders/${id}/${action}`, as, { version: (await call('GET', `/api/work-orders/${id}`, 'supervisor')).version, ...body });
  const phase = async (consumer: boolean, into: Phase) => {
    const stop = consumer ? startEvaluationConsumer(sys, 200) : null;
    try {
      for (let i = 0; i < perPhase; i++) {
        let t0 = performance.now();
        const o = await call('POST', '/api/work-orders', 'agent', {
          channel: 'phone', requestType: 'complaint', title: '小区门口占道经营', text: '每天傍晚有摊贩在东华门大街占道经营，噪音扰民，希望有关部门管理。',
          location: { streetId: street, address: '东华门大街12号' }, requester: { name: '张三', phone: '13812345678' },
        });
        into.intakeMs.push(performance.now() - t0);
        const id = Number(o.id);
        await act(id, 'dispatch', { leadUnitId: street }, 'dispatcher');
        await act(id, 'sign', {}, 'donghuamen');
        await act(id, 'contact', {}, 'donghuamen');
        await act(id, 'feedback', { result: '已处理', solved: true }, 'donghuamen');
        const version = (await call('GET', `/api/work-orders/${id}`, 'supervisor')).version;
        t0 = performance.now();
        await call('POST', `/api/work-orders/${id}/callback`, 'callback', { version, valid: true, contacted: true, solved: true, satisfaction: 'satisfied' });
        into.callbackMs.push(performance.now() - t0);
      }
    } finally {
      await stop?.();
    }
  };
  // Baselines of the same run: the database's and the app's smallest round trips.
  const select1 = await time(() => db.query('select 1'), 20);
  const health = await time(async () => app.request('/api/health'), 20);
  const off: Phase = { intakeMs: [], callbackMs: [] };
  const on: Phase = { intakeMs: [], callbackMs: [] };
  await phase(false, { intakeMs: [], callbackMs: [] }); // warm-up
  for (let round = 0; round < 2; round++) {
    await phase(false, off);
    await phase(true, on);
  }
  const sum = (p: Phase) => ({ intakeP50: quantile(p.intakeMs, 0.5), intakeP95: quantile(p.intakeMs, 0.95), callbackP50: quantile(p.callbackMs, 0.5), callbackP95: quantile(p.callbackMs, 0.95) });
  const a = sum(off);
  const b = sum(on);
  const pct = (x: number, y: number) => Math.round((y / x - 1) * 1000) / 10;
  console.table({ 'consumer off': a, 'consumer on': b });
  return { baseline: { select1Ms: select1.ms, healthMs: health.ms }, perPhase: perPhase * 2, consumerOff: a, consumerOn: b, addedPercent: { intakeP50: pct(a.intakeP50, b.intakeP50), callbackP50: pct(a.callbackP50, b.callbackP50), intakeP95: pct(a.intakeP95, b.intakeP95), callbackP95: pct(a.callbackP95, b.callbackP95) } };
}

if (values.embedded) {
  const dir = tempDataDir('shaobao-eval-');
  const embedded = await openDatabase({ SHAOBAO_DATA_DIR: dir, DATABASE_URL: undefined }, { role: 'server' });
  try {
    await measure('embedded (PostgreSQL)', embedded.db);
  } finally {
    await embedded.release();
    fs.rmSync(dir, { recursive: true, force: true });
  }
} else {
  // --url: a server already running (a kept cluster another tool has open); otherwise one started here
  const pg = values.url ? null : await startPostgres({ durable: true, keep: values.keep });
  const url = values.url ?? pg?.url;
  if (!url) throw new Error('PostgreSQL server binaries not found; run with --embedded');
  const db = await openPostgres(url, 4, 'postgres', serverSettings({}));
  try {
    await measure('server (PostgreSQL)', db);
  } finally {
    await db.close();
    pg?.stop();
  }
}
