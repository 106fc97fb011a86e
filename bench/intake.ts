/**
 * Intake over HTTP, with fsync and synchronous_commit on: orders per second and latency percentiles, on the embedded database and on a
 * PostgreSQL server, each next to a baseline (GET /api/health) measured against the same server
 * in the same run. Target with the server database: ≥ 500 orders/s sustained, p99 < 100 ms.
 *   npx tsx bench/intake.ts [--seconds 20] [--connections 16]
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { login, startPostgres, startServer, tempDataDir, type Server } from './support.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '20' }, connections: { type: 'string', default: '16' } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);

type Figures = { rps: number; p50: number; p99: number; errors: number; non2xx: number; total: number };

async function load(server: Server, token: string, kind: 'intake' | 'health', duration: number): Promise<Figures> {
  const streetIds = [await firstStreet(server, token)];
  const r = await autocannon({
    url: server.url,
    connections,
    duration,
    requests: [
      kind === 'health'
        ? { method: 'GET', path: '/api/health/live' }
        : {
            method: 'POST',
            path: '/api/work-orders',
            setupRequest: (req: autocannon.Request) => ({
              ...req,
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': crypto.randomUUID() },
              body: JSON.stringify({
                channel: 'phone',
                requestType: 'complaint',
                title: '小区门口占道经营扰民',
                text: `每天傍晚有摊贩在胡同口占道经营，噪音扰民，希望有关部门管理。编号${crypto.randomInt(1e9)}`,
                location: { streetId: streetIds[0], address: '东华门大街12号' },
                requester: { name: '张三', phone: '13812345678' },
              }),
            }),
          },
    ] as autocannon.Request[],
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    total: r.requests.total,
  };
}

async function firstStreet(server: Server, token: string): Promise<number> {
  const r = await fetch(`${server.url}/api/units?kind=street&limit=1`, { headers: { authorization: `Bearer ${token}` } });
  return ((await r.json()) as { items: { id: number }[] }).items[0].id;
}

async function measure(label: string, env: Record<string, string>) {
  const server = await startServer(env);
  try {
    const token = await login(server.url, 'agent', server.passwords.agent);
    await load(server, token, 'intake', 3); // warm-up: JIT, caches, connection pool
    const health = await load(server, token, 'health', Math.max(5, Math.round(seconds / 3)));
    const intake = await load(server, token, 'intake', seconds);
    return { label, intake, health };
  } finally {
    await server.stop();
  }
}

const rows: Awaited<ReturnType<typeof measure>>[] = [];
const dataDir = tempDataDir('shaobao-bench-');
rows.push(await measure('embedded (PostgreSQL)', { SHAOBAO_DATA_DIR: dataDir, DATABASE_URL: '' }));
fs.rmSync(dataDir, { recursive: true, force: true });
// Durable settings on both, so the figures are what an installation gets.
const pg = await startPostgres({ durable: true });
if (pg) {
  try {
    rows.push(await measure('server (PostgreSQL)', { DATABASE_URL: pg.url }));
  } finally {
    pg.stop();
  }
} else console.log('PostgreSQL server binaries not found: server figures skipped.');

console.log(`\nIntake benchmark: ${seconds} s per run, ${connections} connections, ${os.cpus().length} cores, Node ${process.version}`);
console.log('database              orders/s   p50 ms   p99 ms   errors  non-2xx   baseline GET /api/health/live req/s   intake/baseline');
for (const r of rows) {
  const i = r.intake;
  console.log(
    `${r.label.padEnd(20)} ${i.rps.toFixed(0).padStart(9)} ${String(i.p50).padStart(8)} ${String(i.p99).padStart(8)} ${String(i.errors).padStart(8)} ${String(i.non2xx).padStart(8)}   ${r.health.rps.toFixed(0).padStart(30)}   ${(i.rps / r.health.rps).toFixed(3).padStart(15)}`,
  );
}
const server = rows.find((r) => r.label.startsWith('server'));
if (server) {
  const ok = server.intake.rps >= 500 && server.intake.p99 < 100;
  console.log(`target (server DB: ≥ 500 orders/s, p99 < 100 ms): ${ok ? 'met' : 'NOT met'}`);
}
console.log(JSON.stringify({ bench: 'intake', seconds, connections, results: rows }));
