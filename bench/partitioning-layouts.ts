import type { Db } from '../src/server/db/client.ts';
import { FILL_SQL, WORDS } from './read-path-fill.ts';

/**
 * The two layouts bench/partitioning.ts compares, in schemas `plain` and `part` of one database
 * whose public schema holds the product's migrated tables and a seeded city: copies of
 * `work_orders` and `work_order_events` with the product's columns and indexes, the second
 * partitioned by month (orders by `received_at`, events by `at`), its keys extended by those columns
 * as PostgreSQL requires. Both hold the same rows.
 */

export type Layout = 'plain' | 'part';
export const LAYOUTS: Layout[] = ['plain', 'part'];
const TABLES = ['work_orders', 'work_order_events'] as const;
const PARTITION_KEY = { work_orders: 'received_at', work_order_events: 'at' } as const;
// The unique keys of the product (migration 0002), and what partitioning turns them into.
const KEYS = {
  plain: { work_orders: ['primary key (id)', 'unique (code)'], work_order_events: ['primary key (id)', 'unique (order_id, seq)'] },
  part: { work_orders: ['primary key (id, received_at)', 'unique (code, received_at)'], work_order_events: ['primary key (id, at)', 'unique (order_id, seq, at)'] },
};

/** Month partitions: Shanghai months from before the history's first order to the one after now. */
export async function monthBounds(db: Db): Promise<Date[]> {
  const r = await db.query<{ m: Date }>(
    `select (m at time zone 'Asia/Shanghai') as m from generate_series(date_trunc('month', (now() - interval '366 days') at time zone 'Asia/Shanghai'),
       date_trunc('month', now() at time zone 'Asia/Shanghai') + interval '2 months', interval '1 month') m`,
  );
  return r.rows.map((x) => x.m);
}

export const partitionName = (table: string, from: Date) => `${table}_p${new Date(from.getTime() + 8 * 3600_000).toISOString().slice(0, 7).replace('-', '_')}`;

/** Empty tables of both layouts with their own id sequences; no secondary index yet. */
export async function createLayouts(db: Db, months: Date[]): Promise<void> {
  for (const s of LAYOUTS) {
    await db.query(`drop schema if exists ${s} cascade`);
    await db.query(`create schema ${s}`);
    for (const t of TABLES) {
      const by = s === 'part' ? ` partition by range (${PARTITION_KEY[t]})` : '';
      await db.query(`create table ${s}.${t} (like public.${t} including defaults including constraints including storage)${by}`);
      await db.query(`create sequence ${s}.${t}_id_seq`);
      await db.query(`alter table ${s}.${t} alter column id set default nextval('${s}.${t}_id_seq')`);
      if (s === 'part') {
        for (let i = 0; i + 1 < months.length; i++) {
          const [from, to] = [months[i].toISOString(), months[i + 1].toISOString()];
          await db.query(`create table ${s}.${partitionName(t, months[i])} partition of ${s}.${t} for values from ('${from}') to ('${to}')`);
        }
      }
    }
  }
}

/**
 * Fills `plain` with N orders (the SQL fill of bench/read-path-fill.ts: a year, ids rising with
 * time) and their events, inserted in time order so event ids rise with time as the serial hands
 * them out: each window of events ends an hour before the newest order written so far (the fill's
 * jitter), and draws on the orders of the last week before it.
 */
export async function fillPlain(db: Db, total: number, log: (s: string) => void, chunk = 250_000): Promise<void> {
  const agent = (await db.query<{ id: number }>(`select id from users where username = 'agent'`)).rows[0]?.id ?? null;
  const back = Math.ceil((total * 7) / 365) + 1000;
  let cutoff = '-infinity';
  for (let from = 1; from <= total; from += chunk) {
    const to = Math.min(total, from + chunk - 1);
    const t0 = Date.now();
    const last = to === total;
    await db.transaction(async (tx) => {
      await tx.query('set local search_path = plain, public');
      await tx.query(FILL_SQL, [from, to, total, WORDS, agent]);
      const next = last ? 'now' : (await tx.query<{ c: Date }>(`select max(received_at) - interval '1 hour' as c from plain.work_orders where id between $1 and $2`, [from, to])).rows[0].c.toISOString();
      await tx.query(EVENTS_SQL, [Math.max(1, from - back), to, cutoff, next]);
      cutoff = next;
    });
    log(`  plain: orders ${from}–${to} and their events so far in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  await db.query(`select setval('plain.work_orders_id_seq', $1)`, [total]);
  await db.query(`select setval('plain.work_order_events_id_seq', (select max(id) from plain.work_order_events))`);
}

/** Five events for a closed order (received, dispatched, signed, feedback, closed), fewer for others. */
const EVENTS_SQL = `
insert into plain.work_order_events(order_id, seq, type, action, actor_id, actor_role, actor_unit_id, at, from_status, to_status, data)
select o.id, e.seq, e.type, e.action, e.actor_id, e.actor_role, e.unit_id, e.at, e.from_status, e.to_status, e.data
from plain.work_orders o
cross join lateral (values
  (1, 'work_order.received', 'intake', o.created_by, 'agent', null::int, o.received_at, null, 'received', '{}'::jsonb, true),
  (2, 'work_order.dispatched', 'dispatch', o.created_by, 'dispatcher', null, o.dispatched_at, 'received', 'dispatched',
      jsonb_build_object('leadUnitId', o.lead_unit_id), o.dispatched_at is not null),
  (3, 'work_order.signed', 'sign', null, 'handler', o.lead_unit_id, o.dispatched_at + interval '2 hours', 'dispatched', 'signed', '{}',
      o.dispatched_at is not null and o.status <> 'dispatched'),
  (4, 'work_order.feedback_submitted', 'feedback', null, 'handler', o.lead_unit_id, o.received_at + interval '3 days', 'in_progress', 'awaiting_callback',
      jsonb_build_object('solved', true), o.status in ('awaiting_callback', 'called_back', 'closed')),
  (5, 'work_order.' || case o.status when 'closed' then 'closed' when 'answered' then 'answered' when 'merged' then 'merged' else 'declined' end,
      'close', o.created_by, 'agent', null, o.closed_at, 'called_back', o.status, '{}', o.closed_at is not null)
) e(seq, type, action, actor_id, actor_role, unit_id, at, from_status, to_status, data, present)
where o.id between $1 and $2 and e.present and e.at >= $3::timestamptz and e.at < $4::timestamptz and e.at <= now()
order by e.at, o.id, e.seq`;

/** The same rows into the partitioned layout, in id order, a range of ids per statement. */
export async function fillPartitioned(db: Db, log: (s: string) => void): Promise<void> {
  for (const t of TABLES) {
    const top = (await db.query<{ n: number }>(`select coalesce(max(id), 0) as n from plain.${t}`)).rows[0].n;
    const step = 2_000_000;
    for (let from = 1; from <= top; from += step) {
      const t0 = Date.now();
      await db.query(`insert into part.${t} select * from plain.${t} where id between $1 and $2 order by id`, [from, from + step - 1]);
      log(`  part: ${t} ${from}–${Math.min(top, from + step - 1)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    await db.query(`select setval('part.${t}_id_seq', $1)`, [top]);
  }
}

/**
 * The unique keys and every secondary index of the product's tables (as a migrated database has
 * them), built after the fill; seconds per layout and table. The plain layout also gets the
 * product's foreign key from events to orders (not validated: the fill wrote both); the
 * partitioned one cannot have it, as the events do not carry the orders' partition key.
 */
export async function buildIndexes(db: Db, log: (s: string) => void): Promise<Record<string, number>> {
  const secondary = (
    await db.query<{ t: string; def: string }>(
      `select i.tablename as t, i.indexdef as def from pg_indexes i
       where i.schemaname = 'public' and i.tablename = any($1::text[])
         and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
       order by i.tablename, i.indexname`,
      [TABLES],
    )
  ).rows;
  const took: Record<string, number> = {};
  for (const s of LAYOUTS) {
    for (const t of TABLES) {
      const t0 = Date.now();
      for (const k of KEYS[s][t]) await db.query(`alter table ${s}.${t} add ${k}`);
      for (const r of secondary.filter((x) => x.t === t)) await db.query(r.def.replace(` ON public.${t} `, ` ON ${s}.${t} `));
      if (s === 'plain' && t === 'work_order_events') {
        await db.query(`alter table plain.work_order_events add foreign key (order_id) references plain.work_orders(id) not valid`);
      }
      took[`${s}.${t}`] = (Date.now() - t0) / 1000;
      log(`  ${s}.${t}: keys and ${secondary.filter((x) => x.t === t).length} secondary indexes in ${took[`${s}.${t}`].toFixed(0)} s`);
    }
  }
  return took;
}
