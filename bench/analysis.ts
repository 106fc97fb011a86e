/**
 * Analysis and the command centre at scale on a PostgreSQL server with durable settings (fsync and
 * synchronous_commit on): fills the database to N orders with SQL (bench/read-path-fill.ts), then
 * times each dashboard read of the analysis page and the command centre's refresh through the
 * app's own handlers (sessions and visibility included), next to a `select 1` baseline, and
 * topic detection over five weeks (one call per account: it reads every order of the period).
 *   npx tsx bench/analysis.ts [--orders 1000000] [--n 15] [--url postgres://… of a scratch server] [--keep DIR] [--reads TEXT]
 * --reads times only the reads whose name contains TEXT (e.g. "command centre"), with neither topic
 * detection nor the intake that follows them.
 * Without --url (or DATABASE_URL) it starts a durable throw-away server (scripts/pg-server.sh), or
 * with --keep the kept cluster of `bench/scale.ts --keep DIR`: a database that already holds at
 * least N orders (the product's generated history) is measured as it is, with no SQL fill.
 */
import { parseArgs } from 'node:util';
import { openPostgres } from '../src/server/db/client.ts';
import { serverSettings } from '../src/server/db/open.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { seedReference } from '../src/server/db/seed/reference.ts';
import { seedDemoCity } from '../src/server/db/seed/demo-city.ts';
import { seedRouting } from '../src/server/modules/routing/seed-routing.ts';
import { buildApp } from '../src/server/app.ts';
import { silentLogger } from '../src/server/lib/ctx.ts';
import { addDays, shanghaiDate } from '../src/server/modules/deadlines/calendar.ts';
import { fillOrders } from './read-path-fill.ts';
import { benchPasswords, percentile as pct, startPostgres } from './support.ts';
import { rebuildAnalysisCounts } from '../src/server/modules/analysis/analysis-consumer.ts';
import { catchUpRepeats, consumeRepeatBatch, rebuildRepeatGroups } from '../src/server/modules/analysis/repeat-consumer.ts';
import { intakeWithConsumers } from './repeat-intake.ts';
import { catchUp } from '../src/server/modules/evaluation/evaluation-consumer.ts';

const { values } = parseArgs({ options: { orders: { type: 'string', default: '1000000' }, n: { type: 'string', default: '15' }, url: { type: 'string' }, keep: { type: 'string' }, intakes: { type: 'string', default: '100' }, reads: { type: 'string' } } });
const N = Number(values.orders);
const runs = Number(values.n);
const server = values.url || process.env.DATABASE_URL ? null : await startPostgres({ durable: true, keep: values.keep });
const url = values.url ?? process.env.DATABASE_URL ?? server?.url;
if (!url) {
  console.log('analysis bench: no PostgreSQL server binaries; skipped');
  process.exit(0);
}


const db = await openPostgres(url, 8, 'postgres', serverSettings({}));
try {
  await migrate(db);
  const held = (await db.query<{ n: number }>('select count(*)::int as n from work_orders')).rows[0].n;
  const settings = (await db.query<{ name: string; setting: string }>(`select name, setting from pg_settings where name in ('fsync','synchronous_commit','server_version')`)).rows;
  console.log(`server: ${settings.map((s) => `${s.name}=${s.setting}`).join(' ')}`);
  if (held >= N) {
    // A generated history: its counts and evaluation were built by the generator.
    await benchPasswords(db, ['supervisor', 'district', 'donghuamen', 'agent'], (u) => `demo-${u}-2026`);
    console.log(`orders: ${held} (the database's own history)`);
  } else {
    await seedReference(db);
    await seedDemoCity(db, { passwordFor: (u) => `demo-${u}-2026` }); // a throw-away bench database: known passwords to sign in with
    await seedRouting(db);
    const t0 = Date.now();
    await fillOrders(db, N, (s) => console.log(s));
    console.log(`orders: ${(await db.query<{ n: number }>('select count(*)::int as n from work_orders')).rows[0].n} (fill ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    // What a running server has done by now: the analysis counts of the SQL-filled history (a bulk
    // load, rebuilt once) and the evaluation consumer's pass over its events (every 2 s there).
    let t1 = Date.now();
    await rebuildAnalysisCounts(db);
    console.log(`analysis counts rebuilt in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
    t1 = Date.now();
    await rebuildRepeatGroups(db);
    console.log(`repeat groups rebuilt in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
    t1 = Date.now();
    const sys = { db, actor: null, now: () => new Date(), log: silentLogger };
    for (let n = await catchUp(sys, 1_000_000); n > 0; n = await catchUp(sys, 1_000_000));
    console.log(`evaluation consumer caught up in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  }
  const count = (await db.query<{ n: number }>('select count(*)::int as n from work_orders')).rows[0].n;

  const app = buildApp({ db, now: () => new Date(), log: silentLogger, sessionHours: 24, webDir: null });
  const tokens = new Map<string, string>();
  const request = async (as: string, path: string, body?: unknown) => {
    if (!tokens.has(as)) {
      const r = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: as, password: `demo-${as}-2026` }) });
      tokens.set(as, ((await r.json()) as { token: string }).token);
    }
    const init = body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
    const r = await app.request(path, { ...init, headers: { ...init.headers, authorization: `Bearer ${tokens.get(as)}` } });
    if (r.status !== 200 && r.status !== 201) throw new Error(`${path} as ${as}: ${r.status} ${await r.text()}`);
    await r.arrayBuffer();
  };
  const get = (as: string, path: string) => request(as, path);

  const to = shanghaiDate(new Date());
  const month = `from=${addDays(to, -29)}&to=${to}`;
  const quarter = `from=${addDays(to, -89)}&to=${to}`;
  const reads: [string, string][] = [
    ['volume by day, 30 days, vs last year', `/api/analysis/volume?${month}&by=day&compare=lastYear`],
    ['volume by category (level 1), 30 days', `/api/analysis/volume?${month}&by=category&categoryLevel=1`],
    ['volume by street, 30 days', `/api/analysis/volume?${month}&by=street`],
    ['volume by grid (hot spots), 30 days', `/api/analysis/volume?${month}&by=grid`],
    ['volume by channel, 30 days', `/api/analysis/volume?${month}&by=channel`],
    ['volume by request type, 30 days', `/api/analysis/volume?${month}&by=requestType`],
    ['volume by hour, 30 days', `/api/analysis/volume?${month}&by=hour`],
    ['volume by weekday, 30 days', `/api/analysis/volume?${month}&by=weekday`],
    ['volume by month, 90 days', `/api/analysis/volume?${quarter}&by=month`],
    ['drill-down first page, 30 days', `/api/analysis/orders?${month}&channel=web`],
    ['repeats by place, 30 days', `/api/analysis/repeats?${month}&kind=place`],
    ['repeats by requester, 30 days', `/api/analysis/repeats?${month}&kind=requester`],
    ['command centre refresh', '/api/command-centre/summary'],
  ];
  const only = values.reads;
  if (only) reads.splice(0, reads.length, ...reads.filter(([read]) => read.includes(only)));
  const rows: { who: string; read: string; p50: number; p95: number; limit: number }[] = [];
  const base: number[] = [];
  for (let i = 0; i < runs * 4; i++) {
    const a = performance.now();
    await db.query('select 1');
    base.push(performance.now() - a);
  }
  for (const who of ['supervisor', 'district', 'donghuamen']) {
    for (const [read, path] of reads) {
      await get(who, path); // the first call fills caches the refreshes then reuse (the board's finished days)
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const a = performance.now();
        await get(who, path);
        times.push(performance.now() - a);
      }
      rows.push({ who, read, p50: pct(times, 50), p95: pct(times, 95), limit: read.startsWith('command centre') ? 200 : 300 });
    }
  }
  // Topic detection reads and clusters every order of the windows: one timed call each, no warm-up.
  for (const who of only ? [] : ['supervisor', 'district']) {
    const a = performance.now();
    await get(who, '/api/topics?days=7&windows=5');
    const ms = performance.now() - a;
    rows.push({ who, read: 'topic detection, 5 windows of 7 days', p50: ms, p95: ms, limit: 60_000 });
  }
  const f = (x: number) => x.toFixed(1).padStart(8);
  console.log(`\n${'who'.padEnd(11)}${'read'.padEnd(42)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}  limit`);
  for (const r of rows) console.log(`${r.who.padEnd(11)}${r.read.padEnd(42)}${f(r.p50)}${f(r.p95)}  ${r.p95 < r.limit ? '<' : '≥'} ${r.limit}`);
  console.log(`${'baseline'.padEnd(11)}${'select 1'.padEnd(42)}${f(pct(base, 50))}${f(pct(base, 95))}`);
  const summary = { bench: 'analysis', orders: count, runs, settings: Object.fromEntries(settings.map((s) => [s.name, s.setting])), baselineSelect1: { p50: pct(base, 50), p95: pct(base, 95) }, rows };
  if (only) console.log(JSON.stringify({ ...summary, reads: only }));
  else {
    await catchUpRepeats(db, new Date(), 1_000_000);
    const intake = await intakeWithConsumers(db, Number(values.intakes), (body) => request('agent', '/api/work-orders', body), () => consumeRepeatBatch(db, new Date()));
    console.log(`\nintake of ${intake.orders} orders through the API: p50 ${intake.intakeP50.toFixed(1)} ms, p95 ${intake.intakeP95.toFixed(1)} ms each`);
    console.log(`then the repeat consumer over their ${intake.events} events: ${intake.repeatMs.toFixed(0)} ms, ${(intake.repeatMs / intake.orders).toFixed(2)} ms per order`);
    console.log(`and the daily-counts consumer over the same events (same run): ${intake.countsMs.toFixed(0)} ms, ${(intake.countsMs / intake.orders).toFixed(2)} ms per order`);
    console.log(JSON.stringify({ ...summary, intake }));
  }
} finally {
  await db.close();
  server?.stop();
}
