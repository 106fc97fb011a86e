/**
 * Scale: intake and the hot reads at growing history, on a PostgreSQL server with durable settings
 * (fsync and synchronous_commit on) and on the embedded database, each next to a `select 1`
 * baseline and `GET /api/health` measured in the same run. History comes from `shaobao generate`.
 *   npx tsx bench/scale.ts [--server 0,1000000,10000000] [--embedded 0,1000000] [--seconds 10] [--connections 16] [--keep DIR]
 * A list of marks per database ("none" skips it); at each mark the server is started on that history.
 * --keep DIR keeps the server's cluster in DIR after the run (and starts from it if it exists), so
 * the evaluation and analysis benches can run on the same generated history with --url.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { openPostgres, type Db } from '../src/server/db/client.ts';
import { openDatabase } from '../src/server/db/open.ts';
import { benchPasswords, intakeRequest, login, startPostgres, startServer, tempDataDir, type Server } from './support.ts';

const { values } = parseArgs({
  options: {
    server: { type: 'string', default: '0,1000000,10000000' },
    embedded: { type: 'string', default: '0,1000000' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    keep: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const marks = (s: string) => (s === 'none' ? [] : s.split(',').map(Number));

type Fig = { rps: number; p50: number; p99: number; errors: number; non2xx: number };
type Row = { database: string; orders: number; measure: string } & Fig;
const rows: Row[] = [];

async function cannon(url: string, req: autocannon.Request, duration = seconds, conns = connections): Promise<Fig> {
  const r = await autocannon({ url, connections: conns, duration, requests: [req] as autocannon.Request[] });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

/** `select 1` from 16 concurrent callers for `seconds`: the database's own floor. */
async function selectOne(db: Db): Promise<Fig> {
  const lat: number[] = [];
  const stop = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < stop) {
      const t = performance.now();
      await db.query('select 1');
      lat.push(performance.now() - t);
    }
  }));
  lat.sort((a, b) => a - b);
  const q = (f: number) => Math.round(lat[Math.min(lat.length - 1, Math.floor(lat.length * f))] * 100) / 100;
  return { rps: lat.length / seconds, p50: q(0.5), p99: q(0.99), errors: 0, non2xx: 0 };
}

const get = (p: string, token: string): autocannon.Request => ({ method: 'GET', path: p, headers: { authorization: `Bearer ${token}` } });

const passwords: Record<string, Record<string, string>> = {};

async function measureAt(database: string, orders: number, server: Server, db: Db) {
  const push = (measure: string, f: Fig) => {
    rows.push({ database, orders, measure, ...f });
    console.log(`${database.padEnd(10)} ${orders.toLocaleString('en').padStart(11)}  ${measure.padEnd(44)} ${f.rps.toFixed(0).padStart(7)}/s  p50 ${String(f.p50).padStart(7)} ms  p99 ${String(f.p99).padStart(7)} ms  errors ${f.errors + f.non2xx}`);
  };
  // Demo passwords are random per installation, printed on the first start only: kept from then on,
  // or, on a kept cluster started again, set for the bench.
  const users = ['agent', 'donghuamen', 'chengguan', 'district'];
  if (Object.keys(server.passwords).length) passwords[database] = server.passwords;
  if (!passwords[database]) {
    await benchPasswords(db, users, (u) => `bench-${u}-pass`);
    passwords[database] = Object.fromEntries(users.map((u) => [u, `bench-${u}-pass`]));
  }
  const pw = passwords[database];
  const tokens = Object.fromEntries(await Promise.all(users.map(async (u) => [u, await login(server.url, u, pw[u] ?? '')])));
  const api = async (p: string, as: string) => (await fetch(`${server.url}${p}`, { headers: { authorization: `Bearer ${tokens[as]}` } })).json() as Promise<{ items: { id: number }[] }>;
  const street = (await api('/api/units?kind=street&limit=1', 'agent')).items[0].id;
  push('select 1 (database)', await selectOne(db));
  push('GET /api/health', await cannon(server.url, { method: 'GET', path: '/api/health' }));
  await cannon(server.url, intakeRequest(tokens.agent, street), 2); // warm-up
  push('intake POST /api/work-orders', await cannon(server.url, intakeRequest(tokens.agent, street)));
  // The reads are measured once the server's consumers have digested the burst of intakes, as they
  // would find it at a city's steady rate; how long that took is printed as a figure of its own.
  const settled = await consumersSettled(db);
  console.log(`${database.padEnd(10)} ${orders.toLocaleString('en').padStart(11)}  consumers ${settled.caughtUp ? 'caught up with the intakes' : 'still behind'} after ${settled.seconds.toFixed(1)} s${settled.caughtUp ? '' : ` (${settled.behind})`}`);
  const id = (await api('/api/work-orders?queue=all&page=1&pageSize=1', 'district')).items[0].id;
  push('GET /api/work-orders/{id}', await cannon(server.url, get(`/api/work-orders/${id}`, tokens.district)));
  push("street's queue page", await cannon(server.url, get('/api/work-orders?queue=all&page=1&pageSize=20', tokens.donghuamen)));
  push("department's queue page", await cannon(server.url, get('/api/work-orders?queue=all&page=1&pageSize=20', tokens.chengguan)));
  push("district's stats", await cannon(server.url, get('/api/work-orders/stats', tokens.district)));
  push('search ?q=占道 (district)', await cannon(server.url, get(`/api/work-orders?q=${encodeURIComponent('占道')}&page=1&pageSize=20`, tokens.district)));
  push('search ?q=下水道 (district)', await cannon(server.url, get(`/api/work-orders?q=${encodeURIComponent('下水道')}&page=1&pageSize=20`, tokens.district)));
  push('search ?q=东华门大街 (street)', await cannon(server.url, get(`/api/work-orders?q=${encodeURIComponent('东华门大街')}&page=1&pageSize=20`, tokens.donghuamen)));
  // One caller at a time: what a search costs by itself, without waiting behind fifteen others on two cores.
  for (const [word, who] of [['占道', 'district'], ['下水道', 'district'], ['东华门大街', 'donghuamen']]) {
    push(`search ?q=${word} (${who}, 1 connection)`, await cannon(server.url, get(`/api/work-orders?q=${encodeURIComponent(word)}&page=1&pageSize=20`, tokens[who]), seconds, 1));
  }
}

/**
 * Waits (at most 10 minutes) until every event consumer's checkpoint (analysis counts, repeat
 * groups, evaluation) has passed the newest event present when it was called.
 */
async function consumersSettled(db: Db): Promise<{ caughtUp: boolean; seconds: number; behind: string }> {
  const t = performance.now();
  const newest = (await db.query<{ id: string | null }>('select max(id)::text as id from work_order_events')).rows[0].id ?? '0';
  for (;;) {
    const lag = (
      await db.query<{ name: string }>(
        `select name from analysis_checkpoints where last_event_id < $1::bigint union all select name from evaluation_checkpoints where last_event_id < $1::bigint`,
        [newest],
      )
    ).rows.map((r) => r.name);
    const seconds = (performance.now() - t) / 1000;
    if (!lag.length || seconds > 600) return { caughtUp: !lag.length, seconds, behind: lag.join(', ') };
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Brings the history up to `target` orders with the product's own generator (one year of it). */
function generateUpTo(env: Record<string, string>, have: number, target: number): number {
  if (target <= have) return have;
  const t = performance.now();
  execFileSync(process.execPath, ['bin/shaobao.mjs', 'generate', '--orders', String(target - have), '--months', '12', '--seed', `scale-${target}`, '--append'], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'],
  });
  console.log(`generated ${(target - have).toLocaleString('en')} orders in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  return target;
}

/**
 * `count` opens the database while no server holds it; `baseline` is what `select 1` runs on while
 * the server does (the same server database, or for the embedded engine, which one process owns,
 * a database of the same engine in the bench process).
 */
async function run(database: string, list: number[], env: Record<string, string>, count: () => Promise<number>, baseline: () => Promise<Db>) {
  // A kept cluster may already hold history: marks below it are passed over, except the highest one
  // it has reached, which is measured on what it holds.
  let have = await count().catch(() => 0);
  for (const mark of list) {
    if (mark < have && list.some((m) => m > mark && m <= have)) {
      console.log(`${database}: ${mark.toLocaleString('en')} passed over, the database already holds ${have.toLocaleString('en')} orders`);
      continue;
    }
    have = generateUpTo(env, have, mark);
    const n = have === 0 ? 0 : await count();
    const server = await startServer({ ...env, SHAOBAO_DEMO_HISTORY: '0' });
    const db = await baseline();
    try {
      await measureAt(database, n, server, db);
    } finally {
      await db.close();
      await server.stop();
    }
    have = await count();
  }
}

async function countIn(open: () => Promise<Db>): Promise<number> {
  const db = await open();
  try {
    return (await db.query<{ n: number }>('select count(*)::int as n from work_orders')).rows[0].n;
  } finally {
    await db.close();
  }
}

console.log(`Scale benchmark: ${seconds} s per measure, ${connections} connections, ${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, Node ${process.version}`);
if (marks(values.server).length) {
  process.env.PG_DURABLE = '1';
  const server = await startPostgres({ durable: true, keep: values.keep });
  if (!server) console.log('PostgreSQL server binaries not found: server figures skipped.');
  else {
    try {
      const c = new pg.Client({ connectionString: server.url });
      await c.connect();
      const s = await c.query(`select current_setting('fsync') as fsync, current_setting('synchronous_commit') as sc`);
      // Room for a bulk load's WAL between checkpoints (durability unchanged: fsync and synchronous_commit stay on).
      await c.query(`alter system set max_wal_size = '8GB'`);
      await c.query('select pg_reload_conf()');
      console.log(`server: fsync=${s.rows[0].fsync}, synchronous_commit=${s.rows[0].sc}, max_wal_size=8GB, data in ${server.dir}`);
      await c.end();
      const open = () => openPostgres(server.url, connections);
      await run('server', marks(values.server), { DATABASE_URL: server.url }, () => countIn(open), open);
    } finally {
      server.stop();
    }
  }
}
if (marks(values.embedded).length) {
  const dir = tempDataDir('shaobao-scale-');
  // The embedded PostgreSQL is shared by every process on its data directory: count and baseline on it too.
  const openEmbedded = async (): Promise<Db> => {
    const { db, release } = await openDatabase({ SHAOBAO_DATA_DIR: dir, DATABASE_URL: undefined }, { role: 'command' });
    // A new handle whose close releases the cluster: release itself closes the pool it was given.
    return { kind: db.kind, cache: db.cache, query: db.query.bind(db), exec: db.exec.bind(db), transaction: db.transaction.bind(db), close: release };
  };
  try {
    await run('embedded', marks(values.embedded), { SHAOBAO_DATA_DIR: dir, DATABASE_URL: '' }, () => countIn(openEmbedded), openEmbedded);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`\n${verdicts().join('\n')}`);
console.log(JSON.stringify({ bench: 'scale', seconds, connections, load: os.loadavg(), results: rows }));

/** Each figure against the issue's target: intake within 20 % of the empty table and ≥ 600/s, reads by p99. */
function verdicts(): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const empty = rows.find((x) => x.database === r.database && x.orders === 0 && x.measure === r.measure);
    const limit = r.database === 'server' ? 100 : 300;
    let v: string | null = null;
    if (r.measure.startsWith('intake')) {
      const ratio = empty && empty.rps ? r.rps / empty.rps : 1;
      v = `${(ratio * 100).toFixed(0)} % of the empty table; ≥ 600/s ${r.rps >= 600 ? 'met' : 'missed'}; p99 < 100 ms ${r.p99 < 100 ? 'met' : 'missed'}; within 20 % ${ratio >= 0.8 ? 'met' : 'missed'}`;
    } else if (r.measure.startsWith('GET /api/work-orders/{id}')) v = `≥ 2,000/s ${r.rps >= 2000 ? 'met' : 'missed'}`;
    else if (/queue|stats|search/.test(r.measure)) v = `p99 < ${limit} ms ${r.p99 < limit ? 'met' : 'missed'}`;
    if (v) out.push(`${r.database} ${r.orders.toLocaleString('en')} ${r.measure}: ${v}`);
  }
  return out;
}
