/**
 * Command-centre refresh on the server database: N generated orders over a year (default
 * 1,000,000), then the summary timed for the centre, a district and a street, cold (the first
 * refresh counts the finished days) and warm (what each live refresh costs).
 *   npx tsx bench/command-centre.ts [orders] [postgres://… of a scratch server]
 */
import pg from 'pg';
import { openPostgres } from '../src/server/db/client.ts';
import { serverSettings } from '../src/server/db/open.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { seedReference } from '../src/server/db/seed/reference.ts';
import { seedDemoCity } from '../src/server/db/seed/demo-city.ts';
import { seedRouting } from '../src/server/modules/routing/seed-routing.ts';
import { loadActor } from '../src/server/modules/org/auth.ts';
import { commandCentreSummary } from '../src/server/modules/command-centre/command-centre-queries.ts';
import { startPostgres } from './support.ts';
import { silentLogger } from '../src/server/lib/ctx.ts';

const N = Number(process.argv[2] ?? 1_000_000);
const given = process.argv[3];
const server = given ? null : await startPostgres();
const base = given ?? server?.url;
if (!base) {
  console.log('command-centre bench: no PostgreSQL server binaries; skipped');
  process.exit(0);
}
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query('drop database if exists sb_bench_cc');
await admin.query('create database sb_bench_cc');
await admin.end();
const url = new URL(base);
url.pathname = '/sb_bench_cc';
const db = await openPostgres(url.toString(), 4, 'postgres', serverSettings({}));
try {
  await migrate(db);
  await seedReference(db);
  await seedDemoCity(db);
  await seedRouting(db);
  const now = new Date('2026-12-01T06:00:00Z');
  const t0 = Date.now();
  await db.query(
    `with s as (select array_agg(id) as ids from units where kind = 'street'),
          c as (select array_agg(distinct code) as codes from categories where level = 3)
     insert into work_orders(code, status, channel, request_type, title, text, urgency, category, street_id, district_id,
       received_at, dispatched_at, closed_at, overdue_stages, updated_at)
     select 'GB' || g, st, 'phone', 'complaint', '生成的工单', '生成的工单正文', case when g % 200 = 0 then 'emergency' else 'general' end,
       c.codes[1 + g % array_length(c.codes, 1)], s.ids[1 + g % array_length(s.ids, 1)], (select id from units where kind = 'district' limit 1),
       r, r + interval '20 minutes', case when st = 'closed' then r + interval '3 days' end,
       case when st <> 'closed' and g % 7 = 0 then '{feedback}'::text[] else '{}' end, r
     from generate_series(1, $1::int) g, s, c,
       lateral (select $2::timestamptz - (g::double precision / $1) * interval '365 days' as r) t,
       lateral (select case when r > $2::timestamptz - interval '20 days' and g % 3 <> 0 then 'in_progress' else 'closed' end as st) x`,
    [N, now],
  );
  await db.query('analyze work_orders');
  console.log(`generated ${N} orders in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const who = async (username: string) => loadActor(db, (await db.query<{ id: number }>('select id from users where username = $1', [username])).rows[0].id);
  for (const username of ['supervisor', 'district', 'donghuamen']) {
    const actor = await who(username);
    const times: number[] = [];
    for (let i = 0; i < 21; i++) {
      const a = performance.now();
      await commandCentreSummary({ db, actor, now: () => now, log: silentLogger });
      times.push(performance.now() - a);
    }
    const warm = times.slice(1).sort((x, y) => x - y);
    console.log(`${username.padEnd(10)} cold ${times[0].toFixed(0)} ms · warm median ${warm[10].toFixed(1)} ms · p95 ${warm[18].toFixed(1)} ms`);
  }
} finally {
  await db.close();
  server?.stop();
}
