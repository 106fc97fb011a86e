/**
 * Whether monthly partitioning of `work_orders` (by received_at) and `work_order_events` (by at)
 * pays at N orders, on one PostgreSQL server with durable settings (fsync and synchronous_commit
 * on): both layouts side by side in schemas `plain` and `part` (bench/partitioning-layouts.ts), the
 * same rows, the product's indexes; then p50/p95 of the reads that touch these tables (GET by id's
 * two, an event consumer's batch, a street's and a lead unit's month, one day's events of a type),
 * the intake's writes, and last the retention of the oldest month (delete vs detach and drop),
 * each next to a `select 1` baseline of the same run.
 *   npx tsx bench/partitioning.ts [--orders 10000000] [--n 200] [--inserts 200] [--url postgres://… of a scratch server] [--keep DIR] [--port P] [--skip-retention]
 * Without --url it starts a durable throw-away server (scripts/pg-server.sh), or with --keep the
 * cluster in DIR, whose layouts are measured as they are when they hold N orders and still have
 * their oldest month (retention removes it; --skip-retention leaves it, for another run).
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { openPostgres } from '../src/server/db/client.ts';
import { serverSettings } from '../src/server/db/open.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { seedReference } from '../src/server/db/seed/reference.ts';
import { seedDemoCity } from '../src/server/db/seed/demo-city.ts';
import { percentile as pct, startPostgres } from './support.ts';
import { buildIndexes, createLayouts, fillPartitioned, fillPlain, LAYOUTS, monthBounds, partitionName, type Layout } from './partitioning-layouts.ts';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '10000000' }, n: { type: 'string', default: '200' }, inserts: { type: 'string', default: '200' },
    url: { type: 'string' }, keep: { type: 'string' }, port: { type: 'string' }, 'skip-retention': { type: 'boolean' },
  },
});
const N = Number(values.orders);
const runs = Number(values.n);
const server = values.url ? null : await startPostgres({ durable: true, keep: values.keep, port: values.port ? Number(values.port) : undefined });
const url = values.url ?? server?.url;
if (!url) {
  console.log('partitioning bench: no PostgreSQL server binaries; skipped');
  process.exit(0);
}

const secs = (t0: number) => (performance.now() - t0) / 1000;
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];

type Row = { measure: string; calls: number; plain: { p50: number; p95: number }; part: { p50: number; p95: number }; ratio: number };
const rows: Row[] = [];

// Loading: room for index builds' sorts and a bulk load's WAL between checkpoints; durability unchanged.
const load = await openPostgres(url, 2, 'postgres', { maintenance_work_mem: '1GB' });
// Measuring: the settings the product's server connections run with.
const db = await openPostgres(url, 2, 'postgres', serverSettings({}));
try {
  await migrate(load);
  await load.query(`alter system set max_wal_size = '8GB'`);
  await load.query('select pg_reload_conf()');
  const settings = (await db.query<{ name: string; setting: string }>(`select name, setting from pg_settings where name in ('fsync','synchronous_commit','full_page_writes','server_version','shared_buffers')`)).rows;
  log(`server: ${settings.map((s) => `${s.name}=${s.setting}`).join(' ')}; ${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  if (server) log(`disk before: ${execFileSync('df', ['-h', '--output=avail', server.dir], { encoding: 'utf8' }).split('\n')[1].trim()} free`);

  const months = await monthBounds(db);
  const build = await ensureLayouts(months);
  const sizes = (await db.query<{ s: string; gb: number }>(
    `select n.nspname as s, round(sum(pg_total_relation_size(c.oid)) / 1e9, 1)::float8 as gb from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('plain','part') and c.relkind = 'r' group by 1`,
  )).rows;
  log(`sizes (tables and indexes): ${sizes.map((x) => `${x.s} ${x.gb} GB`).join(', ')}`);

  const top = (await db.query<{ orders: number; events: number; first: Date }>(
    'select (select max(id) from plain.work_orders) as orders, (select max(id) from plain.work_order_events) as events, (select min(received_at) from plain.work_orders) as first',
  )).rows[0];
  log(`orders ${top.orders}, events ${top.events} (${(top.events / top.orders).toFixed(2)} per order), from ${top.first.toISOString()}`);

  const base: number[] = [];
  for (let i = 0; i < runs * 2; i++) {
    const t = performance.now();
    await db.query('select 1');
    base.push(performance.now() - t);
  }

  // Random orders, with what a caller who knew their month would add; fresh ones for each of the
  // four reads by order, so none finds its pages cached by the one before.
  const ids = Array.from({ length: (runs + 1) * 4 }, () => 1 + Math.floor(Math.random() * top.orders));
  const known = (await db.query<{ id: number; received_at: Date; m0: Date; m1: Date }>(
    `select id, received_at, date_trunc('month', received_at at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai' as m0,
            (date_trunc('month', received_at at time zone 'Asia/Shanghai') + interval '1 month') at time zone 'Asia/Shanghai' as m1
     from plain.work_orders where id = any($1::bigint[])`,
    [ids],
  )).rows;
  const full = months.slice(0, -1).map((m, i) => [m, months[i + 1]]).filter(([a, b]) => a >= top.first && b <= new Date());
  const streets = (await db.query<{ id: number }>(`select id from units where kind in ('street','township') and active`)).rows.map((r) => r.id);
  const leads = (await db.query<{ id: number }>('select distinct lead_unit_id as id from plain.work_orders where id = any($1::bigint[]) and lead_unit_id is not null', [ids])).rows.map((r) => r.id);
  const day = () => {
    const [a, b] = pick(full);
    const d = new Date(a.getTime() + Math.floor(Math.random() * ((b.getTime() - a.getTime()) / 86_400_000)) * 86_400_000);
    return [d, new Date(d.getTime() + 86_400_000)];
  };

  let k = 0;
  const byId = () => known[k++ % known.length];
  await compare('order by id, month unknown (GET by id)', runs, () => [byId().id], (s) => `select * from ${s}.work_orders where id = $1`, true);
  await compare('order by id, month known', runs, () => { const o = byId(); return [o.id, o.m0, o.m1]; }, (s) => `select * from ${s}.work_orders where id = $1 and received_at >= $2 and received_at < $3`, true);
  await compare("order's events by seq, month unknown (GET by id)", runs, () => [byId().id], (s) => `select * from ${s}.work_order_events where order_id = $1 order by seq`, true);
  await compare("order's events by seq, at >= its receipt", runs, () => { const o = byId(); return [o.id, o.received_at]; }, (s) => `select * from ${s}.work_order_events where order_id = $1 and at >= $2 order by seq`, true);
  await compare('event consumer: id > checkpoint, 500', runs, () => [top.events - 500 - Math.floor(Math.random() * 20_000)], (s) => `select id, order_id, type from ${s}.work_order_events where id > $1 order by id limit 500`);
  await compare("street's month: count", runs, () => [pick(streets), ...pick(full)], (s) => `select count(*)::int as n from ${s}.work_orders where street_id = $1 and received_at >= $2 and received_at < $3`);
  await compare("street's month: newest page of 20", runs, () => [pick(streets), ...pick(full)], (s) =>
    `select id, code, status, title, received_at from ${s}.work_orders where street_id = $1 and received_at >= $2 and received_at < $3 order by received_at desc, id desc limit 21`);
  await compare("lead unit's month: dispatches on time (indicator)", runs, () => [pick(leads), ...pick(full)], (s) =>
    `select count(*)::int as n, count(*) filter (where signed_at <= due_sign_at)::int as on_time from ${s}.work_orders where lead_unit_id = $1 and dispatched_at >= $2 and dispatched_at < $3`);
  // No index serves it (the consumers read by id): a full scan of the plain table, so few calls.
  await compare("one day's events of a type (count)", Math.min(runs, 5), () => [pick(['work_order.received', 'work_order.dispatched', 'work_order.closed']), ...day()], (s) =>
    `select count(*)::int as n from ${s}.work_order_events where type = $1 and at >= $2 and at < $3`);
  await inserts(Number(values.inserts));
  const retention = values['skip-retention'] ? null : await retain(months[0], months[1]);

  const f = (x: number) => x.toFixed(2).padStart(9);
  console.log(`\n${'measure'.padEnd(52)}${'calls'.padStart(6)}${'plain p50'.padStart(10)}${'p95'.padStart(9)}${'part p50'.padStart(10)}${'p95'.padStart(9)}${'part/plain'.padStart(11)}  verdict`);
  for (const r of rows) console.log(`${r.measure.padEnd(52)}${String(r.calls).padStart(6)} ${f(r.plain.p50)}${f(r.plain.p95)} ${f(r.part.p50)}${f(r.part.p95)}${r.ratio.toFixed(2).padStart(11)}  ${verdict(r)}`);
  console.log(`${'baseline: select 1'.padEnd(52)}${String(base.length).padStart(6)} ${f(pct(base, 50))}${f(pct(base, 95))}`);
  if (retention) console.log(`${'retention of the oldest month'.padEnd(52)} plain: delete ${retention.plainDelete.toFixed(1)} s + vacuum ${retention.plainVacuum.toFixed(1)} s; part: detach and drop ${retention.partDrop.toFixed(2)} s`);
  console.log(JSON.stringify({ bench: 'partitioning', orders: top.orders, events: top.events, runs, settings: Object.fromEntries(settings.map((s) => [s.name, s.setting])), build, sizes, baselineSelect1: { p50: pct(base, 50), p95: pct(base, 95) }, rows, retention }));
} finally {
  await db.close();
  await load.close();
  server?.stop();
}

function verdict(r: Row): string {
  const d = r.part.p50 - r.plain.p50;
  const by = `${d >= 0 ? '+' : ''}${d.toFixed(2)} ms`;
  if (r.ratio < 0.8) return `partitioned faster, ${(1 / r.ratio).toFixed(1)}× (${by})`;
  if (r.ratio > 1.25) return `partitioned slower, ${r.ratio.toFixed(1)}× (${by})`;
  return `no material difference (${by})`;
}

/**
 * p50/p95 of one read on each layout, with the same random parameters, the layouts taking turns
 * going first; each warmed by a first call. `prepare` as the product's statement is (GET by id's is:
 * a plan kept per connection, which on the partitioned layout prunes, if at all, when it runs).
 */
async function compare(measure: string, calls: number, params: () => unknown[], sql: (s: Layout) => string, prepare = false): Promise<void> {
  const list = Array.from({ length: calls }, params);
  for (const s of LAYOUTS) await db.query(sql(s), list[0], { prepare });
  const t: Record<Layout, number[]> = { plain: [], part: [] };
  for (const [i, p] of list.entries()) {
    for (const s of i % 2 ? [...LAYOUTS].reverse() : LAYOUTS) {
      const a = performance.now();
      await db.query(sql(s), p, { prepare });
      t[s].push(performance.now() - a);
    }
  }
  push(measure, calls, t);
}

function push(measure: string, calls: number, t: Record<Layout, number[]>) {
  const q = (s: Layout) => ({ p50: pct(t[s], 50), p95: pct(t[s], 95) });
  const r = { measure, calls, plain: q('plain'), part: q('part'), ratio: q('part').p50 / q('plain').p50 };
  rows.push(r);
  log(`${measure}: plain p50 ${r.plain.p50.toFixed(2)} ms p95 ${r.plain.p95.toFixed(2)}; part p50 ${r.part.p50.toFixed(2)} p95 ${r.part.p95.toFixed(2)}; ${verdict(r)}`);
}

/** Intake's writes: one order and five events in a committed transaction, the layouts taking turns. */
async function inserts(calls: number): Promise<void> {
  const agent = (await db.query<{ id: number }>(`select id from users where username = 'agent'`)).rows[0].id;
  const street = (await db.query<{ id: number; district_id: number }>(`select id, district_id from units where kind = 'street' and active order by id limit 1`)).rows[0];
  const types = ['received', 'dispatched', 'signed', 'contacted', 'feedback_submitted'];
  const one = (s: Layout, i: number) =>
    db.transaction(async (tx) => {
      const id = (await tx.query<{ id: number }>(
        `insert into ${s}.work_orders(code, status, channel, request_type, title, text, urgency, district_id, street_id, address, requester_name, requester_phone,
           received_at, due_dispatch_at, due_sign_at, due_contact_at, due_feedback_at, created_by, updated_at, tokens)
         values ($1, 'received', 'phone', 'complaint', '占道经营噪音问题', '反映胡同口占道经营，噪音扰民，希望尽快处理。', 'general', $2, $3, '东四胡同12号', '市民1', '13812345678',
           now(), now() + interval '2 hours', now() + interval '3 hours', now() + interval '1 day', now() + interval '15 days', $4, now(), array['占道经营','噪音','扰民'])
         returning id`,
        [`BENCH-${s}-${Date.now()}-${i}`, street.district_id, street.id, agent],
        { prepare: true },
      )).rows[0].id;
      for (const [n, type] of types.entries()) {
        await tx.query(`insert into ${s}.work_order_events(order_id, seq, type, action, actor_id, actor_role, at, to_status, data) values ($1, $2, $3, 'bench', $4, 'agent', now(), 'received', '{}')`, [
          id, n + 1, `work_order.${type}`, agent,
        ], { prepare: true });
      }
    });
  for (const s of LAYOUTS) await one(s, -1);
  const t: Record<Layout, number[]> = { plain: [], part: [] };
  for (let i = 0; i < calls; i++) {
    for (const s of i % 2 ? [...LAYOUTS].reverse() : LAYOUTS) {
      const a = performance.now();
      await one(s, i);
      t[s].push(performance.now() - a);
    }
  }
  push('insert one order + 5 events, committed', calls, t);
}

/**
 * Removing the oldest month: on the plain layout a delete of its orders and their events (and the
 * vacuum that reclaims them), on the partitioned one detaching and dropping its partitions.
 */
async function retain(from: Date, to: Date) {
  await load.query('update bench_partitioning set retention_done = true');
  const lastId = (await db.query<{ id: number }>('select max(id) as id from plain.work_orders where received_at < $1', [to])).rows[0].id;
  const count = async (sql: string, p: unknown[] = []) => (await db.query<{ n: number }>(sql, p)).rows[0].n;
  const plainRows = { orders: await count('select count(*)::int as n from plain.work_orders where id <= $1', [lastId]), events: await count('select count(*)::int as n from plain.work_order_events where order_id <= $1', [lastId]) };
  const partRows = {
    orders: await count(`select count(*)::int as n from part.${partitionName('work_orders', from)}`),
    events: await count(`select count(*)::int as n from part.${partitionName('work_order_events', from)}`),
  };
  let t0 = performance.now();
  await load.transaction(async (tx) => {
    await tx.query('delete from plain.work_order_events where order_id <= $1', [lastId]);
    await tx.query('delete from plain.work_orders where id <= $1', [lastId]);
  });
  const plainDelete = secs(t0);
  t0 = performance.now();
  await load.query('vacuum plain.work_order_events');
  await load.query('vacuum plain.work_orders');
  const plainVacuum = secs(t0);
  t0 = performance.now();
  for (const t of ['work_order_events', 'work_orders']) {
    await load.query(`alter table part.${t} detach partition part.${partitionName(t, from)}`);
    await load.query(`drop table part.${partitionName(t, from)}`);
  }
  const partDrop = secs(t0);
  log(`retention of the month from ${from.toISOString()}: plain delete of ${plainRows.orders} orders and ${plainRows.events} events ${plainDelete.toFixed(1)} s, vacuum ${plainVacuum.toFixed(1)} s; `
    + `part detach and drop of ${partRows.orders} orders and ${partRows.events} events ${partDrop.toFixed(2)} s`);
  return { plainRows, partRows, plainDelete, plainVacuum, partDrop };
}

/** Builds both layouts at N orders, unless a kept cluster already holds them untouched by retention. */
async function ensureLayouts(months: Date[]): Promise<Record<string, number> | 'kept'> {
  await load.query('create table if not exists bench_partitioning (orders int not null, retention_done boolean not null)');
  const kept = (await load.query<{ orders: number; retention_done: boolean }>('select * from bench_partitioning')).rows[0];
  if (kept && kept.orders === N && !kept.retention_done) {
    log(`layouts of ${N} orders kept from an earlier run`);
    return 'kept';
  }
  await load.query('delete from bench_partitioning');
  if (!(await load.query<{ n: number }>(`select count(*)::int as n from units`)).rows[0].n) {
    await seedReference(load);
    await seedDemoCity(load, { passwordFor: (u) => `demo-${u}-2026` });
  }
  await createLayouts(load, months);
  const took: Record<string, number> = {};
  let t0 = performance.now();
  await fillPlain(load, N, log);
  took.fillPlain = secs(t0);
  log(`plain filled in ${took.fillPlain.toFixed(0)} s (generating the rows)`);
  t0 = performance.now();
  await fillPartitioned(load, log);
  took.fillPart = secs(t0);
  log(`part filled in ${took.fillPart.toFixed(0)} s (copying plain's rows)`);
  Object.assign(took, await buildIndexes(load, log));
  for (const s of LAYOUTS) {
    t0 = performance.now();
    await load.query(`vacuum analyze ${s}.work_orders, ${s}.work_order_events`);
    took[`vacuum ${s}`] = secs(t0);
    log(`vacuum analyze ${s}: ${took[`vacuum ${s}`].toFixed(0)} s`);
  }
  await load.query('insert into bench_partitioning values ($1, false)', [N]);
  return took;
}

