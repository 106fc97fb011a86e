-- Analysis reads that do not grow with history: orders taken in, counted per visibility unit,
-- Shanghai day and one dimension, kept by the analysis consumer from work_order_events (the
-- pattern of the evaluation rollups: a checkpoint stored with the counts, every event re-reads its
-- order and moves the counts by the difference, so a replayed event is harmless).

-- `via` is the order's visibility bits for the unit (work_order_visibility.via): a role's mask
-- picks the rows it may count, as the visibility index does. `key` is '' where the order has none.
-- dim: street | community | grid | category | channel | requestType | hour (0–23, Shanghai), each
-- on the day taken in; and `dispatched` and `closed` (key ''), on the day dispatched and the day
-- closed (closed orders only), for the command centre's daily figures.
create table analysis_daily_counts (
  unit_id  int not null,
  dim      text not null,
  day      date not null,
  via      smallint not null,
  key      text not null,
  n        int not null,
  primary key (unit_id, dim, day, via, key)
);

-- What each order is counted as now: the next change subtracts exactly this.
-- keys: street, community, grid, category, channel, requestType (as text, '' for none).
create table analysis_order_facts (
  order_id  bigint primary key,
  day       date not null,
  hour      smallint not null,
  keys      text[] not null,
  units     int[] not null,
  vias      smallint[] not null,
  dispatched_day date,
  closed_day     date
);

create table analysis_checkpoints (
  name           text primary key,
  last_event_id  bigint not null default 0,
  gap_xmax       text,
  updated_at     timestamptz
);

-- The facts of orders as they are now, from work_orders and the work-orders module's own rule of
-- who may see an order (work_order_visibility_rows, read, never written).
create function analysis_fresh_facts(p_ids bigint[])
returns table(order_id bigint, day date, hour smallint, keys text[], units int[], vias smallint[], dispatched_day date, closed_day date) language sql stable as $$
  select o.id, (o.received_at at time zone 'Asia/Shanghai')::date, extract(hour from o.received_at at time zone 'Asia/Shanghai')::smallint,
         array[coalesce(o.street_id::text, ''), coalesce(o.community_id::text, ''), coalesce(o.grid_id::text, ''), coalesce(o.category, ''), o.channel, o.request_type],
         v.units, v.vias, (o.dispatched_at at time zone 'Asia/Shanghai')::date,
         case when o.status = 'closed' then (o.closed_at at time zone 'Asia/Shanghai')::date end
  from work_orders o
  cross join lateral (select array_agg(r.unit_id order by r.unit_id) as units, array_agg(r.via order by r.unit_id) as vias
                      from work_order_visibility_rows(o.id, o.id) r) v
  where o.id = any(p_ids)
$$;

-- The count rows one set of facts stands for: per (unit, via), one row per dimension.
create function analysis_fact_rows(p_units int[], p_vias smallint[], p_day date, p_hour smallint, p_keys text[], p_dispatched date, p_closed date)
returns table(unit_id int, dim text, day date, via smallint, key text) language sql immutable as $$
  select u.unit_id, d.dim, d.day, u.via, d.key
  from unnest(p_units, p_vias) as u(unit_id, via),
       unnest(array['street','community','grid','category','channel','requestType','hour','dispatched','closed'],
              array[p_day, p_day, p_day, p_day, p_day, p_day, p_day, p_dispatched, p_closed],
              p_keys || p_hour::text || ''::text || ''::text) as d(dim, day, key)
  where d.day is not null
$$;

-- Re-reads the given orders and moves the counts by the difference, in key order (no deadlock
-- cycles between two appliers); one statement, so the old facts are read before they are replaced.
create function analysis_counts_apply(p_ids bigint[]) returns void language sql as $$
  with fresh as materialized (select * from analysis_fresh_facts(p_ids)),
  delta as (
    select r.unit_id, r.dim, r.day, r.via, r.key, -1 as d
      from analysis_order_facts f, analysis_fact_rows(f.units, f.vias, f.day, f.hour, f.keys, f.dispatched_day, f.closed_day) r where f.order_id = any(p_ids)
    union all
    select r.unit_id, r.dim, r.day, r.via, r.key, 1
      from fresh f, analysis_fact_rows(f.units, f.vias, f.day, f.hour, f.keys, f.dispatched_day, f.closed_day) r),
  moved as (
    insert into analysis_daily_counts as c (unit_id, dim, day, via, key, n)
    select unit_id, dim, day, via, key, sum(d)::int from delta group by 1, 2, 3, 4, 5 having sum(d) <> 0 order by 1, 2, 3, 4, 5
    on conflict (unit_id, dim, day, via, key) do update set n = c.n + excluded.n
    returning 1)
  insert into analysis_order_facts as f (order_id, day, hour, keys, units, vias, dispatched_day, closed_day)
  select order_id, day, hour, keys, units, vias, dispatched_day, closed_day from fresh
  on conflict (order_id) do update set day = excluded.day, hour = excluded.hour, keys = excluded.keys, units = excluded.units, vias = excluded.vias,
    dispatched_day = excluded.dispatched_day, closed_day = excluded.closed_day
$$;

-- From scratch, for loaders that write orders in bulk and for this migration: every order's facts
-- and the counts they make, and the checkpoint at the end of the log. Run with no concurrent writers.
create function analysis_counts_rebuild() returns void language plpgsql as $$
declare top bigint;
begin
  perform 1 from analysis_checkpoints where name = 'counts' for update;
  delete from analysis_daily_counts;
  delete from analysis_order_facts;
  select coalesce(max(id), 0) into top from work_orders;
  insert into analysis_order_facts (order_id, day, hour, keys, units, vias, dispatched_day, closed_day)
  select o.id, (o.received_at at time zone 'Asia/Shanghai')::date, extract(hour from o.received_at at time zone 'Asia/Shanghai')::smallint,
         array[coalesce(o.street_id::text, ''), coalesce(o.community_id::text, ''), coalesce(o.grid_id::text, ''), coalesce(o.category, ''), o.channel, o.request_type],
         v.units, v.vias, (o.dispatched_at at time zone 'Asia/Shanghai')::date,
         case when o.status = 'closed' then (o.closed_at at time zone 'Asia/Shanghai')::date end
  from work_orders o
  join (select r.order_id, array_agg(r.unit_id order by r.unit_id) as units, array_agg(r.via order by r.unit_id) as vias
        from work_order_visibility_rows(0, top) r group by r.order_id) v on v.order_id = o.id;
  insert into analysis_daily_counts (unit_id, dim, day, via, key, n)
  select r.unit_id, r.dim, r.day, r.via, r.key, count(*)::int
  from analysis_order_facts f, analysis_fact_rows(f.units, f.vias, f.day, f.hour, f.keys, f.dispatched_day, f.closed_day) r
  group by 1, 2, 3, 4, 5;
  update analysis_checkpoints set last_event_id = (select coalesce(max(id), 0) from work_order_events), gap_xmax = null where name = 'counts';
end $$;

insert into analysis_checkpoints(name, last_event_id) values ('counts', 0);
select analysis_counts_rebuild();

-- Repeat requests by the same phone (evaluation indicators, the requester's history): an equality
-- probe and a time range, where only a trigram index stood.
create index work_orders_phone_time_idx on work_orders(requester_phone, received_at) where requester_phone is not null;

-- Evaluation indicators of a unit and period (on-time sign-for and feedback rates): one index range
-- of the period's dispatches and feedbacks each, where the unit's whole history was read.
create index work_orders_lead_dispatched_idx on work_orders(lead_unit_id, dispatched_at) where dispatched_at is not null;
create index work_orders_lead_feedback_idx on work_orders(lead_unit_id, feedback_at) where feedback_at is not null;
create index disputes_unit_raised_idx on disputes(unit_id, raised_at);
create index disputes_unit_decided_idx on disputes(unit_id, decided_at) where decided_at is not null;
create index extensions_unit_requested_idx on extensions(unit_id, requested_at);
