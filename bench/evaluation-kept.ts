/**
 * The kept counts of migration 0032 at the shape of a large history, without generating it: the
 * demo city's district, streets and lead units get the kept rows that N orders over M months would
 * leave (every street × category × day present, as it is at millions of orders), and the three reads
 * that used to scan the period's orders are timed on them — 七有/五性 of the district with its trend
 * and streets, the district's monthly report, the busiest unit's indicators. Then what keeping the
 * places costs a single-row insert: nothing on work_orders belongs to the evaluation any more (the
 * insert is timed twice, for the noise, and once with the former per-statement trigger put back for
 * comparison), and the consumer's restatement of the inserted orders' places, per order, off intake.
 * Last, the from-scratch fill the migration and the bulk rebuild run (`evaluation_kept_refill`) over
 * --refill-orders plain orders (with a callback and a result each), to scale the migration's time on a
 * database that already holds millions.
 *   npx tsx bench/evaluation-kept.ts [--orders 10000000] [--months 24] [--inserts 200] [--refill-orders 500000]
 * A durable throw-away server (scripts/pg-server.sh); targets: each read well under 300 ms.
 */
import { parseArgs } from 'node:util';
import { migrate } from '../src/server/db/migrate.ts';
import { seedReference } from '../src/server/db/seed/reference.ts';
import { seedDemoCity } from '../src/server/db/seed/demo-city.ts';
import { openPostgres, type Db } from '../src/server/db/client.ts';
import { serverSettings } from '../src/server/db/open.ts';
import { silentLogger, type Ctx } from '../src/server/lib/ctx.ts';
import { loadActor } from '../src/server/modules/org/auth.ts';
import { getDimensions } from '../src/server/modules/evaluation/dimension-queries.ts';
import { getReport } from '../src/server/modules/evaluation/report-queries.ts';
import { getIndicators } from '../src/server/modules/evaluation/indicator-queries.ts';
import { syncPlaces } from '../src/server/modules/evaluation/kept-counts.ts';
import { DISPATCH_TOPICS } from '../src/server/modules/history/history-catalogue.ts';
import { startPostgres, bestOf as time } from './support.ts';

const { values } = parseArgs({ options: { orders: { type: 'string', default: '10000000' }, months: { type: 'string', default: '24' }, inserts: { type: 'string', default: '200' }, 'refill-orders': { type: 'string', default: '500000' } } });
const N = Number(values.orders);
const MONTHS = Number(values.months);
const PERIOD = '2026-11';
const END = '2026-12-01';

/** Orders (one in three from a repeated phone), each with a callback and a lead result, then the refill timed. */
async function refill(db: Db, n: number): Promise<number> {
  await db.exec(`
    insert into work_orders(code, status, channel, request_type, title, text, urgency, street_id, district_id, lead_unit_id, category, received_at, requester_phone, updated_at)
    select 'RF' || g, 'closed', 'phone', 'complaint', '占道经营', '每天傍晚有摊贩占道经营', 'general', s.id, s.district_id, s.id,
           (array[${DISPATCH_TOPICS.map((t) => `'${t.code}'`).join(',')}])[1 + g % ${DISPATCH_TOPICS.length}], t, '139' || lpad((g % (${n} / 3 + 1))::text, 8, '0'), t
      from generate_series(1, ${n}) g
      cross join lateral (select id, district_id from units where kind = 'street' order by id limit 1 offset (g % 17)) s
      cross join lateral (select timestamptz '2025-01-01 00:00+08' + (g::double precision / ${n}) * interval '700 day' as t) x;
    insert into callbacks(order_id, round, valid, contacted, solved, satisfaction, at)
    select id, 1, true, true, id % 3 > 0, 'satisfied', received_at + interval '5 day' from work_orders where code like 'RF%';
    insert into evaluation_order_results(unit_id, period, order_id, callback_id, weight, contacted, solved, satisfaction)
    select o.lead_unit_id, to_char(c.at at time zone 'Asia/Shanghai', 'YYYY-MM'), o.id, c.id, 1, true, c.solved, c.satisfaction
      from work_orders o join callbacks c on c.order_id = o.id where o.code like 'RF%';
    analyze;
  `);
  const t0 = performance.now();
  await db.query('select evaluation_kept_refill()');
  return Math.round((performance.now() - t0) / 100) / 10;
}

const p50 = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] * 100) / 100;

async function fillKept(db: Db, district: number): Promise<{ rows: number }> {
  const cats = `array[${DISPATCH_TOPICS.map((t) => `'${t.code}'`).join(',')}]`;
  // n per street × category × day so that the days add up to N orders; results are 40 % of the volume.
  await db.exec(`
    create temp table s as select id from units where kind in ('street','township') and district_id = ${district};
    create temp table l as select id from units where kind in ('street','township','department','enterprise');
    create temp table c as select unnest(${cats}) as code;
    create temp table d as select g::date as day from generate_series(date '${END}' - interval '${MONTHS} month', date '${END}' - 1, interval '1 day') g;
    create temp table k as select greatest(1, round(${N}::numeric / ((select count(*) from d) * (select count(*) from s) * (select count(*) from c))))::int as n;
    insert into evaluation_volume_daily(place, unit_id, day, street_id, category, n, repeats)
    select 'district_street', ${district}, d.day, s.id, c.code, k.n, k.n / 10 from d, s, c, k;
    insert into evaluation_volume_daily(place, unit_id, day, street_id, category, n, repeats)
    select 'district', ${district}, day, 0, category, sum(n), sum(repeats) from evaluation_volume_daily where place = 'district_street' group by day, category;
    insert into evaluation_volume_daily(place, unit_id, day, street_id, category, n, repeats)
    select 'street', street_id, day, 0, category, n, repeats from evaluation_volume_daily where place = 'district_street';
    insert into evaluation_volume_daily(place, unit_id, day, street_id, category, n, repeats)
    select 'lead', l.id, d.day, 0, c.code, greatest(1, k.n * (select count(*) from s) / (select count(*) from l)), 1 from d, l, c, k;
    insert into evaluation_dim_results(place, unit_id, period, street_id, category, valid_callbacks, contacted, solved, satisfied, basically_satisfied)
    select place, unit_id, to_char(day, 'YYYY-MM'), street_id, category, sum(n) * 4 / 10, sum(n) * 4 / 10, sum(n) * 3 / 10, sum(n) * 2 / 10, sum(n) / 10
      from evaluation_volume_daily group by 1, 2, 3, 4, 5;
    insert into evaluation_category_results(unit_id, period, code, weight, solved, satisfied, basically_satisfied)
    select unit_id, period, left(category, 5), sum(valid_callbacks), sum(solved), sum(satisfied), sum(basically_satisfied)
      from evaluation_dim_results where place = 'lead' group by 1, 2, 3;
    insert into evaluation_rollups(period, unit_id, valid_callbacks, contacted, solved, satisfied, basically_satisfied)
    select period, unit_id, sum(valid_callbacks), sum(contacted), sum(solved), sum(satisfied), sum(basically_satisfied)
      from evaluation_dim_results where place = 'lead' group by 1, 2;
  `);
  // What autovacuum would have done by now on a live server (one statement each: vacuum runs outside a transaction).
  for (const table of ['evaluation_volume_daily', 'evaluation_dim_results', 'evaluation_category_results', 'evaluation_rollups']) await db.exec(`vacuum analyze ${table}`);
  const rows = (await db.query<{ n: number }>('select (select count(*) from evaluation_volume_daily) + (select count(*) from evaluation_dim_results) as n')).rows[0].n;
  return { rows: Number(rows) };
}

/** Single-row inserts into work_orders, autocommit: p50 in ms. */
async function inserts(db: Db, n: number, street: number): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await db.query(
      `insert into work_orders(code, status, channel, request_type, title, text, urgency, street_id, district_id, category, received_at, requester_phone, updated_at)
       values ('KB' || nextval('work_order_code_seq'), 'received', 'phone', 'complaint', '占道经营', '每天傍晚有摊贩占道经营', 'general', $1,
               (select district_id from units where id = $1), '01.02.17', now(), '1390000' || lpad(($2 % 50)::text, 4, '0'), now())`,
      [street, i],
    );
    ms.push(performance.now() - t0);
  }
  return p50(ms);
}

const pg = await startPostgres({ durable: true });
if (!pg) throw new Error('no PostgreSQL server binaries (scripts/pg-server.sh)');
const db = await openPostgres(pg.url, 10, 'postgres', serverSettings({}));
try {
  await migrate(db);
  await seedReference(db);
  await seedDemoCity(db, { passwordFor: (u) => `bench-${u}-pass` });
  const district = (await db.query<{ id: number }>(`select id from units where kind = 'district' order by id limit 1`)).rows[0].id;
  const t0 = performance.now();
  const filled = await fillKept(db, district);
  const fillS = Math.round((performance.now() - t0) / 100) / 10;
  const sup = (await db.query<{ id: number }>(`select id from users where username = 'supervisor'`)).rows[0].id;
  const ctx: Ctx = { db, actor: await loadActor(db, sup), now: () => new Date('2026-12-30T00:00:00Z'), log: silentLogger };
  const busiest = (await db.query<{ unit_id: number }>(`select unit_id from evaluation_rollups where period = $1 order by valid_callbacks desc limit 1`, [PERIOD])).rows[0].unit_id;
  const select1 = await time(() => db.query('select 1'), 20);
  const dims = await time(() => getDimensions(ctx, district, PERIOD), 3);
  const report = await time(() => getReport(ctx, district, PERIOD), 3);
  const indicators = await time(() => getIndicators(ctx, busiest, PERIOD), 3);
  const street = (await db.query<{ id: number }>(`select id from units where kind = 'street' order by id limit 1`)).rows[0].id;
  const k = Number(values.inserts);
  await inserts(db, 20, street);
  const evaluationTriggers = (
    await db.query<{ n: number }>(`select count(*)::int as n from pg_trigger where tgrelid = 'work_orders'::regclass and tgname like 'evaluation%'`)
  ).rows[0].n;
  const firstId = (await db.query<{ id: string }>('select max(id) as id from work_orders')).rows[0].id;
  const now1 = await inserts(db, k, street);
  await db.exec(`
    create function bench_former_places_on_insert() returns trigger language plpgsql as $$
    begin perform evaluation_places_sync(array(select id from new_rows)); return null; end $$;
    create trigger bench_former_places_insert after insert on work_orders referencing new table as new_rows
      for each statement execute function bench_former_places_on_insert();`);
  const former = await inserts(db, k, street);
  await db.exec('drop trigger bench_former_places_insert on work_orders; drop function bench_former_places_on_insert()');
  const now2 = await inserts(db, k, street);
  // what the consumer does for the orders inserted without the trigger (one batch, off the intake path)
  const pending = (await db.query<{ id: string }>('select id from work_orders where id > $1 and id not in (select order_id from evaluation_order_places where order_id > $1)', [firstId])).rows.map((r) => Number(r.id));
  const t1 = performance.now();
  await db.transaction((tx) => syncPlaces(tx, pending));
  const syncPerOrder = Math.round(((performance.now() - t1) / pending.length) * 1000) / 1000;
  const refillS = await refill(db, Number(values['refill-orders']));
  const table = {
    'select 1 (baseline)': select1.ms,
    '七有/五性, district, 12 periods + streets': dims.ms,
    'monthly report, district': report.ms,
    'indicators, busiest unit': indicators.ms,
    'insert p50, now (run 1)': now1,
    'insert p50, now (run 2)': now2,
    'insert p50, former trigger put back': former,
    [`consumer place restatement per order (${pending.length} in one batch)`]: syncPerOrder,
    [`refill of ${values['refill-orders']} orders (s)`]: refillS,
  };
  console.table(Object.entries(table).map(([read, ms]) => ({ read, ms })));
  console.log(
    JSON.stringify({
      database: 'server (PostgreSQL, durable)',
      shape: { orders: N, months: MONTHS, keptRows: filled.rows, fillSeconds: fillS },
      period: PERIOD,
      baseline: { select1Ms: select1.ms },
      dimensionsDistrictMs: dims.ms,
      reportDistrictMs: report.ms,
      indicatorsBusiestMs: indicators.ms,
      educationVolume: dims.result.items.find((i) => i.key === 'education')?.volume ?? null,
      evaluationTriggersOnWorkOrders: evaluationTriggers,
      insertP50Ms: { run1: now1, run2: now2, formerTrigger: former },
      consumerPlaceSyncMsPerOrder: syncPerOrder,
      refill: { orders: Number(values['refill-orders']), seconds: refillS },
    }),
  );
} finally {
  await db.close();
  pg.stop();
}
