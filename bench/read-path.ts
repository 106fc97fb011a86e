/**
 * The read path at scale on a PostgreSQL server: fills the database to N orders with SQL, then
 * measures p50/p99 of the hot reads in-process (the app's own handlers, sessions included) next to a
 * `select 1` baseline, GET by id over HTTP with autocannon, and writes the EXPLAIN ANALYZE of each
 * hot query. Run it against a server with durable settings (fsync, synchronous_commit on).
 *   DATABASE_URL=postgres://… npx tsx bench/read-path.ts [--orders 1000000] [--n 200] [--explain docs/explain] [--only search]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openPostgres, type Db } from '../src/server/db/client.ts';
import { serverSettings } from '../src/server/db/open.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { seedReference } from '../src/server/db/seed/reference.ts';
import { seedDemoCity } from '../src/server/db/seed/demo-city.ts';
import { hashPassword } from '../src/server/lib/password.ts';
import { seedRouting } from '../src/server/modules/routing/seed-routing.ts';
import { buildApp } from '../src/server/app.ts';
import { silentLogger } from '../src/server/lib/ctx.ts';
import { explain, recordingDb } from '../test/support/explain.ts';
import { fillOrders } from './read-path-fill.ts';
import { login, percentile as pct, startServer } from './support.ts';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '1000000' }, n: { type: 'string', default: '200' }, explain: { type: 'string' }, seconds: { type: 'string', default: '10' },
    // only the cases whose name matches, and no HTTP part (e.g. --only search)
    only: { type: 'string' },
  },
});
const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to a PostgreSQL server database.');
const N = Number(values.orders);
const runs = Number(values.n);


async function main() {
  const db = await openPostgres(url!, 8, 'postgres', serverSettings({}));
  await migrate(db);
  await seedReference(db);
  // A benchmark database: known passwords (the demo's random ones are printed only by `shaobao seed`).
  await seedDemoCity(db, { passwordFor: (u) => `demo-${u}-2026` });
  for (const u of ['hepingli', 'chengguan', 'district', 'supervisor']) {
    await db.query('update users set password_hash = $2 where username = $1', [u, await hashPassword(`demo-${u}-2026`)]);
  }
  await seedRouting(db);
  const settings = (await db.query<{ name: string; setting: string }>(`select name, setting from pg_settings where name in ('fsync','synchronous_commit','full_page_writes','server_version')`)).rows;
  console.log(`server: ${settings.map((s) => `${s.name}=${s.setting}`).join(' ')}`);
  const t0 = Date.now();
  await fillOrders(db, N, (s) => console.log(s));
  const count = (await db.query<{ n: number }>('select count(*)::int as n from work_orders')).rows[0].n;
  console.log(`orders: ${count} (fill ${((Date.now() - t0) / 1000).toFixed(0)} s)`);

  const rec = recordingDb(db);
  const app = buildApp({ db: rec.db, now: () => new Date(), log: silentLogger, sessionHours: 24, webDir: null });
  const tokens = new Map<string, string>();
  const as = async (u: string) => {
    if (!tokens.has(u)) {
      const r = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: `demo-${u}-2026` }) });
      tokens.set(u, ((await r.json()) as { token: string }).token);
    }
    return tokens.get(u)!;
  };
  const maxId = (await db.query<{ n: number }>('select max(id)::int as n from work_orders')).rows[0].n;
  const randomId = () => 1 + Math.floor(Math.random() * maxId);
  const cases: [string, string, () => string][] = [
    ['street queue (all)', 'hepingli', () => '/api/work-orders?queue=all&pageSize=20'],
    ['street queue (mine)', 'hepingli', () => '/api/work-orders?queue=mine&pageSize=20'],
    ['department queue (all)', 'chengguan', () => '/api/work-orders?queue=all&pageSize=20'],
    ['department queue (mine)', 'chengguan', () => '/api/work-orders?queue=mine&pageSize=20'],
    ['district stats', 'district', () => '/api/work-orders/stats'],
    ['district search 占道', 'district', () => `/api/work-orders?q=${encodeURIComponent('占道')}&pageSize=20`],
    ['district search 下水道 (rare word)', 'district', () => `/api/work-orders?q=${encodeURIComponent('下水道')}&pageSize=20`],
    ['street search address 南锣鼓巷', 'hepingli', () => `/api/work-orders?q=${encodeURIComponent('南锣鼓巷胡同5')}&pageSize=20`],
    ['centre search phone digits 8888', 'supervisor', () => '/api/work-orders?q=8888&pageSize=20'],
    ['district overdue open', 'district', () => '/api/work-orders?overdue=true&pageSize=20'],
    ['GET by id (district)', 'district', () => `/api/work-orders/${randomId()}`],
  ];
  const baseline: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await db.query('select 1');
    baseline.push(performance.now() - s);
  }
  console.log(`\n${'case'.padEnd(36)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}  total`);
  console.log(`${'select 1 (baseline)'.padEnd(36)} ${pct(baseline, 50).toFixed(2).padStart(8)} ${pct(baseline, 99).toFixed(2).padStart(8)}`);
  const explained: { name: string; text: string; params: unknown[] }[] = [];
  for (const [name, user, pathOf] of cases.filter(([name]) => !values.only || new RegExp(values.only).test(name))) {
    const token = await as(user);
    const times: number[] = [];
    let total = '';
    for (let i = 0; i < runs + 5; i++) {
      rec.take();
      const s = performance.now();
      const r = await app.request(pathOf(), { headers: { authorization: `Bearer ${token}` } });
      const body = (await r.json()) as { total?: number; totalExact?: boolean; code?: string };
      if (i >= 5) times.push(performance.now() - s);
      if (r.status !== 200 && r.status !== 404) throw new Error(`${name}: ${r.status} ${JSON.stringify(body)}`);
      if (i === 0) {
        total = body.total !== undefined ? `${body.total}${body.totalExact === false ? '+' : ''}` : '';
        // The statements after the session lookup are the ones this endpoint runs.
        for (const q of rec.take().filter((x) => !/from sessions|user_roles/.test(x.text))) explained.push({ name, ...q });
      }
    }
    console.log(`${name.padEnd(36)} ${pct(times, 50).toFixed(2).padStart(8)} ${pct(times, 99).toFixed(2).padStart(8)}  ${total}`);
  }
  if (values.explain) {
    fs.mkdirSync(values.explain, { recursive: true });
    const byName = new Map<string, string[]>();
    for (const e of explained) {
      const plan = await explain(db, e, { analyze: true });
      byName.set(e.name, [...(byName.get(e.name) ?? []), `-- ${e.text.replace(/\s+/g, ' ').trim()}\n-- params: ${JSON.stringify(e.params).slice(0, 300)}\n${plan}\n`]);
    }
    for (const [name, plans] of byName) {
      const file = path.join(values.explain, `${name.replace(/[^a-z0-9]+/gi, '-').replace(/-+$/, '').toLowerCase()}.txt`);
      fs.writeFileSync(file, `# ${name} at ${count} orders (EXPLAIN ANALYZE, PostgreSQL ${settings.find((s) => s.name === 'server_version')?.setting})\n\n${plans.join('\n')}`);
    }
    console.log(`\nEXPLAIN ANALYZE written to ${values.explain}/`);
  }
  await db.close();
  if (!values.only) await httpById(maxId);
}

/** GET by id over HTTP against the real server process, 16 connections. */
async function httpById(maxId: number) {
  const server = await startServer({ DATABASE_URL: url!, SHAOBAO_SEED: 'none' });
  try {
    const token = await login(server.url, 'district', 'demo-district-2026');
    for (const [label, p] of [['GET /api/health (baseline)', () => '/api/health'], ['GET /api/work-orders/{id}', () => `/api/work-orders/${1 + Math.floor(Math.random() * maxId)}`]] as const) {
      const r = await autocannon({
        url: server.url,
        connections: 16,
        duration: Number(values.seconds),
        requests: [{ method: 'GET', setupRequest: (req: autocannon.Request) => ({ ...req, path: p(), headers: { authorization: `Bearer ${token}` } }) }] as autocannon.Request[],
      });
      console.log(`${label.padEnd(36)} ${r.requests.average.toFixed(0)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  non-2xx ${r.non2xx}`);
    }
  } finally {
    await server.stop();
  }
}

await main();
