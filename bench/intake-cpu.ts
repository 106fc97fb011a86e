/**
 * CPU per intake (and per `GET` of one order, the hottest read): how many milliseconds of CPU the server process (Node) and the database (every
 * PostgreSQL process) spend per order taken in over HTTP, on a durable PostgreSQL server (fsync and
 * synchronous_commit on). CPU time swings far less with the neighbours' load than wall-clock
 * throughput, so it is the figure to compare changes by; `GET /api/health` is measured the same way
 * in the same run as the floor of the HTTP layer. With pg_stat_statements available, the statements
 * the database spent its time on are listed, per order.
 *   npx tsx bench/intake-cpu.ts [--orders 3000] [--connections 16] [--profile DIR]
 * --profile DIR writes a V8 CPU profile of the server process (node --cpu-prof) into DIR.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { openPostgres } from '../src/server/db/client.ts';
import { postgresCpuByKind, postgresCpuMs } from './pg-cpu.ts';
import { benchPasswords, intakeRequest, login, startPostgres, startServer } from './support.ts';

const { values } = parseArgs({
  options: { orders: { type: 'string', default: '3000' }, connections: { type: 'string', default: '16' }, profile: { type: 'string' } },
});
const orders = Number(values.orders);
const connections = Number(values.connections);

function processCpuMs(pid: number): number {
  const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10; // USER_HZ = 100
}

type Fig = { requests: number; rps: number; p50: number; p99: number; non2xx: number; nodeMsPer: number; pgMsPer: number };

console.log(`Intake CPU: ${orders} orders, ${connections} connections, ${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, Node ${process.version}`);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shaobao-intake-cpu-'));
fs.chmodSync(dir, 0o755);
let pgServer = await startPostgres({ durable: true, keep: dir });
if (!pgServer) throw new Error('PostgreSQL server binaries not found');
try {
  // pg_stat_statements needs a restart to load; without it the per-statement table is skipped.
  const admin = new pg.Client({ connectionString: pgServer.url });
  await admin.connect();
  await admin.query(`alter system set shared_preload_libraries = 'pg_stat_statements'`);
  await admin.end();
} finally {
  pgServer.stop();
}
pgServer = (await startPostgres({ durable: true, keep: dir }))!;
const db = await openPostgres(pgServer.url, 2);
const statements = await db.query('create extension if not exists pg_stat_statements').then(() => true, () => false);
const server = await startServer(
  { DATABASE_URL: pgServer.url, SHAOBAO_DEMO_HISTORY: '0' },
  values.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values.profile)}`] : [],
).catch((e) => {
  pgServer!.stop();
  throw e;
});
try {
  const users = ['agent'];
  let pw = server.passwords.agent;
  if (!pw) {
    await benchPasswords(db, users, () => 'bench-agent-pass');
    pw = 'bench-agent-pass';
  }
  const token = await login(server.url, 'agent', pw);
  const street = ((await (await fetch(`${server.url}/api/units?kind=street&limit=1`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { id: number }[] }).items[0].id;
  const intake = intakeRequest(token, street);
  const health: autocannon.Request = { method: 'GET', path: '/api/health' };

  const run = async (req: autocannon.Request, amount: number): Promise<Fig> => {
    const node0 = processCpuMs(server.pid);
    const pg0 = (await postgresCpuMs(db)) ?? 0;
    const r = await autocannon({ url: server.url, connections, amount, requests: [req] as autocannon.Request[] });
    const node1 = processCpuMs(server.pid);
    const pg1 = (await postgresCpuMs(db)) ?? 0;
    const n = r.requests.total;
    return { requests: n, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx + r.errors, nodeMsPer: (node1 - node0) / n, pgMsPer: (pg1 - pg0) / n };
  };
  await run(intake, Math.min(1000, orders)); // warm-up: JIT, caches, connection pool
  const h = await run(health, orders * 2);
  if (statements) await db.query('select pg_stat_statements_reset()');
  const kinds = await postgresCpuByKind(db);
  const i = await run(intake, orders);
  const byKind = Object.entries((await kinds?.since()) ?? {}).filter(([, ms]) => ms > 0).sort((a, b) => b[1] - a[1]);
  // The intake's statements, read before the GET run adds its own.
  let top: { query: string; calls: number; per_order_ms: number; rows: number }[] = [];
  if (statements) {
    top = (await db.query<{ query: string; calls: number; per_order_ms: number; rows: number }>(
      `select left(regexp_replace(query, '\\s+', ' ', 'g'), 110) as query, calls::int, round(((total_exec_time + total_plan_time) / $1)::numeric, 4)::float8 as per_order_ms, rows::int
       from pg_stat_statements where calls > 0 order by total_exec_time + total_plan_time desc limit 12`,
      [i.requests],
    )).rows;
  }
  // A read next to the write: one order's detail, as the agent who took it in opens it.
  const someId = (await db.query<{ id: string }>('select max(id) as id from work_orders')).rows[0].id;
  const byId = await run({ method: 'GET', path: `/api/work-orders/${someId}`, headers: { authorization: `Bearer ${token}` } }, orders * 2);
  const line = (label: string, f: Fig) =>
    console.log(`${label.padEnd(30)} ${String(f.requests).padStart(6)} req  ${f.rps.toFixed(0).padStart(5)}/s  p50 ${String(f.p50).padStart(5)} ms  p99 ${String(f.p99).padStart(5)} ms  non-2xx ${f.non2xx}  node ${f.nodeMsPer.toFixed(3)} ms/req  postgres ${f.pgMsPer.toFixed(3)} ms/req`);
  line('GET /api/health (baseline)', h);
  line('intake POST /api/work-orders', i);
  line('GET /api/work-orders/{id}', byId);
  console.log(`intake CPU per order: node ${i.nodeMsPer.toFixed(2)} ms (${(i.nodeMsPer / h.nodeMsPer).toFixed(1)}× a health check), postgres ${i.pgMsPer.toFixed(2)} ms, total ${(i.nodeMsPer + i.pgMsPer).toFixed(2)} ms → at most ${(os.cpus().length * 1000 / (i.nodeMsPer + i.pgMsPer)).toFixed(0)} orders/s on ${os.cpus().length} cores`);
  const g = byId.nodeMsPer + byId.pgMsPer;
  console.log(`GET by id CPU per request: node ${byId.nodeMsPer.toFixed(2)} ms (${(byId.nodeMsPer / h.nodeMsPer).toFixed(1)}× a health check), postgres ${byId.pgMsPer.toFixed(2)} ms, total ${g.toFixed(2)} ms → at most ${(os.cpus().length * 1000 / g).toFixed(0)} req/s on ${os.cpus().length} cores`);
  console.log(`postgres CPU per order by process: ${byKind.map(([k, ms]) => `${k} ${(ms / i.requests).toFixed(3)} ms`).join(', ')}`);
  if (statements) {
    console.log('\nstatements (pg_stat_statements, exec + plan time per order):');
    for (const s of top) console.log(`${s.per_order_ms.toFixed(4).padStart(8)} ms  ${String(s.calls).padStart(6)} calls  ${s.query}`);
  }
  console.log(JSON.stringify({ bench: 'intake-cpu', orders, connections, load: os.loadavg(), health: h, intake: i, getById: byId, postgresByProcess: Object.fromEntries(byKind.map(([k, ms]) => [k, ms / i.requests])), statements: top }));
} finally {
  await server.stop();
  await db.close();
  pgServer.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
