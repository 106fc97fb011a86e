/**
 * Whistles: (1) the sweep over 10,000 open whistles with 30,000 report-in deadlines all due —
 * every one flagged late, with its event and notifications — on the embedded database and on a
 * PostgreSQL server with durable settings (fsync, synchronous_commit, full_page_writes on);
 * (2) blowing a whistle over HTTP (two units summoned), latency percentiles on that server.
 * Each figure has a baseline from the same run: `select 1` round trips for the sweep, GET
 * /api/health/live for blowing. Targets (server DB): sweep < 1 s, blow p99 < 100 ms.
 *   npx tsx bench/whistles.ts [--whistles 10000] [--seconds 15] [--connections 8] [--skip-embedded]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import fs from 'node:fs';
import { login, startPostgres, startServer, tempDataDir } from './support.ts';
import { openPostgres } from '../src/server/db/client.ts';
import { openDatabase } from '../src/server/db/open.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { seedReference } from '../src/server/db/seed/reference.ts';
import { seedDemoCity } from '../src/server/db/seed/demo-city.ts';
import { silentLogger } from '../src/server/lib/ctx.ts';
import { sweepAll } from '../src/server/modules/deadlines/deadline-sweep.ts';
import type { Db } from '../src/server/db/client.ts';

const { values } = parseArgs({ options: { whistles: { type: 'string', default: '10000' }, seconds: { type: 'string', default: '15' }, connections: { type: 'string', default: '8' }, 'skip-embedded': { type: 'boolean', default: false } } });
const N = Number(values.whistles);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const T0 = new Date('2026-03-02T02:00:00Z');

/** N open emergency whistles, three summons each with a due timer 30 minutes on, written in bulk. */
async function fill(db: Db): Promise<void> {
  await migrate(db);
  await seedReference(db);
  await seedDemoCity(db, { hashPassword: async (p) => `bench:${p}` });
  const streets = (await db.query<{ id: number; district_id: number }>(`select id, district_id from units where kind = 'street' order by id`)).rows;
  const depts = (await db.query<{ id: number }>(`select id from units where kind = 'department' order by id limit 12`)).rows.map((r) => r.id);
  await db.query(
    `insert into whistles(type, trigger, scope, scope_reason, title, description, on_site, street_id, district_id, policy_id, status, created_at, updated_at)
     select 'emergency', 'emergency', 'emergency', '应急处置', '基准测试哨 ' || g, '批量生成', true, s.id, s.district_id, 1, 'open', $1, $1
       from generate_series(1, $2) g join lateral (select * from jsonb_to_recordset($3::jsonb) as x(id int, district_id int) offset (g % $4) limit 1) s on true`,
    [T0, N, JSON.stringify(streets), streets.length],
  );
  await db.query(
    `insert into whistle_summons(whistle_id, unit_id, source, status, due_at, created_at)
     select w.id, ($2::int[])[1 + ((w.id * 3 + k) % array_length($2::int[], 1))], 'added', 'pending', $1::timestamptz + interval '30 minutes', $1
       from whistles w cross join generate_series(0, 2) k`,
    [T0, depts],
  );
  await db.query(
    `insert into deadlines(subject_kind, subject_id, stage, kind, fire_at) select 'report_in', id, 'report_in', 'due', due_at from whistle_summons`,
  );
  await db.exec('analyze');
}

async function measureSweep(label: string, db: Db) {
  await fill(db);
  const timers = (await db.query<{ n: number }>(`select count(*)::int as n from deadlines where subject_kind = 'report_in' and fired_at is null`)).rows[0].n;
  const at = (t: Date) => ({ db, actor: null, now: () => t, log: silentLogger });
  // Baseline: the cost of a bare round trip on this database, in the same run.
  let t = performance.now();
  for (let i = 0; i < 200; i++) await db.query('select 1');
  const select1Us = Math.round(((performance.now() - t) / 200) * 1000);
  t = performance.now();
  const idle = await sweepAll(at(new Date(T0.getTime() + 60_000)));
  const idleMs = performance.now() - t;
  // WAL written by the sweep: the work it makes the database do, whatever else the machine is doing.
  const lsn = async () => (await db.query<{ l: string }>('select pg_current_wal_lsn()::text as l')).rows[0].l;
  const before = await lsn();
  t = performance.now();
  const r = await sweepAll(at(new Date(T0.getTime() + 31 * 60_000)));
  const ms = performance.now() - t;
  const walMB = Math.round((await db.query<{ b: number }>('select pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::float8 as b', [before])).rows[0].b / 1e5) / 10;
  const notes = (await db.query<{ n: number }>(`select count(*)::int as n from notifications where kind = 'whistle.report_in_late'`)).rows[0].n;
  const events = (await db.query<{ n: number }>(`select count(*)::int as n from whistle_events where type = 'whistle.report_in_late'`)).rows[0].n;
  return { label, whistles: N, timers, select1Us, idleMs: Math.round(idleMs), idleFired: idle.fired, sweepMs: Math.round(ms), walMB, fired: r.fired, late: r.overdue, batches: r.batches, events, notifications: notes };
}

async function blowBench(pgUrl: string) {
  const server = await startServer({ DATABASE_URL: pgUrl });
  try {
    const token = await login(server.url, 'donghuamen', server.passwords.donghuamen ?? 'demo-donghuamen-2026');
    const units = async (q: string) => ((await (await fetch(`${server.url}/api/units?kind=${q}&limit=50`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { id: number; code: string }[] }).items;
    const street = (await units('street')).find((u) => u.code === '110101001')!.id;
    const depts = (await units('department')).filter((u) => ['D110101-UMC', 'D110101-AMR'].includes(u.code)).map((u) => u.id);
    const body = JSON.stringify({ type: 'emergency', trigger: 'emergency', title: '基准测试：燃气泄漏', description: '沿街餐馆燃气泄漏', streetId: street, workOrderIds: [], summonedUnitIds: depts });
    const run = (duration: number, health = false) =>
      autocannon({
        url: server.url, connections, duration,
        requests: [health ? { method: 'GET', path: '/api/health/live' } : { method: 'POST', path: '/api/whistles', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body }],
      });
    await run(3); // warm-up
    const r = await run(seconds);
    const h = await run(Math.max(3, Math.round(seconds / 3)), true);
    return {
      rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, total: r.requests.total, non2xx: r.non2xx, errors: r.errors + r.timeouts,
      baseline: { rps: Math.round(h.requests.average), p50: h.latency.p50, p99: h.latency.p99 },
    };
  } finally {
    await server.stop();
  }
}

type SweepFigures = Awaited<ReturnType<typeof measureSweep>>;
const sweeps: SweepFigures[] = [];
if (!values['skip-embedded']) {
  const dataDir = tempDataDir('shaobao-bench-');
  const embedded = await openDatabase({ SHAOBAO_DATA_DIR: dataDir, DATABASE_URL: undefined }, { role: 'server' });
  try {
    sweeps.push(await measureSweep('embedded (PostgreSQL)', embedded.db));
  } finally {
    await embedded.release();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
// A durable server: the figures people read are the ones with every commit on disk.
const pgSweep = await startPostgres({ durable: true });
let blow: Awaited<ReturnType<typeof blowBench>> | null = null;
if (pgSweep) {
  const db = await openPostgres(pgSweep.url, 4);
  try {
    const s = await db.query<{ fsync: string; sc: string }>(`select current_setting('fsync') as fsync, current_setting('synchronous_commit') as sc`);
    console.log(`server settings: fsync=${s.rows[0].fsync} synchronous_commit=${s.rows[0].sc}`);
    sweeps.push(await measureSweep('server (PostgreSQL)', db));
  } finally {
    await db.close();
    pgSweep.stop();
  }
  const pgBlow = (await startPostgres({ durable: true }))!;
  try {
    blow = await blowBench(pgBlow.url);
  } finally {
    pgBlow.stop();
  }
} else console.log('PostgreSQL server binaries not found: server figures skipped.');
console.log(`\nWhistle benchmark: ${N} open whistles, ${os.cpus().length} cores, Node ${process.version}`);
console.log('database              timers   select 1 µs   idle sweep ms   sweep ms   WAL MB   fired   late   batches   events   notifications');
for (const s of sweeps) {
  console.log(`${s.label.padEnd(20)} ${String(s.timers).padStart(7)} ${String(s.select1Us).padStart(12)} ${String(s.idleMs).padStart(15)} ${String(s.sweepMs).padStart(10)} ${String(s.walMB).padStart(8)} ${String(s.fired).padStart(7)} ${String(s.late).padStart(6)} ${String(s.batches).padStart(9)} ${String(s.events).padStart(8)} ${String(s.notifications).padStart(15)}`);
}
if (blow) console.log(`blow a whistle over HTTP (server DB, ${connections} connections, ${seconds} s): ${blow.rps} req/s, p50 ${blow.p50} ms, p99 ${blow.p99} ms, ${blow.total} whistles, non-2xx ${blow.non2xx}, errors ${blow.errors}; baseline GET /api/health/live ${blow.baseline.rps} req/s, p50 ${blow.baseline.p50} ms, p99 ${blow.baseline.p99} ms`);
const server = sweeps.find((s) => s.label.startsWith('server'));
if (server && blow) console.log(`targets (server DB: sweep < 1000 ms, blow p99 < 100 ms): ${server.sweepMs < 1000 && blow.p99 < 100 && blow.non2xx === 0 ? 'met' : 'NOT met'}`);
console.log(JSON.stringify({ bench: 'whistles', sweeps, blow }));
