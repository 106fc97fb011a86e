-- Reads that do not grow with history: who may see an order as indexable rows, counts kept with
-- the changes, search indexes, and attachment bytes moved out of the rows.

-- One row per (unit, order) that the unit may see or must act on; `via` says why, as bits:
--   1 the order lies in the unit's district        2 the order lies in the unit's street
--   4 assigned to a unit of the unit's district     8 assigned to the unit or a unit below it
--  16 assigned to the unit itself                  32 the unit leads the order
--  64 the unit co-handles the order               128 the whole city (unit_id 0, citywide roles)
-- A role maps to a mask (district 1|4, street 2|8, department 16), so visibility is one index range
-- per grant, already in queue order. status/overdue are copied so queues and counts stay index-only.
create table work_order_visibility (
  order_id     bigint not null references work_orders(id),
  unit_id      int not null,
  received_at  timestamptz not null,
  via          smallint not null,
  status       text not null,
  overdue      boolean not null,
  primary key (order_id, unit_id)
);
create index wov_unit_time_idx on work_order_visibility(unit_id, received_at desc, order_id desc) include (via, status, overdue);
-- Work queues read only open orders: a small, hot index however long the history grows.
create index wov_unit_open_idx on work_order_visibility(unit_id, received_at desc, order_id desc) include (via, status, overdue)
  where status not in ('answered','not_dispatched','closed','merged');

-- Counts per (unit, via, status, overdue), kept in the transaction that changes an order. `slot`
-- (order id mod 16) spreads concurrent writers over 16 rows so intakes do not queue on one counter.
create table work_order_counts (
  unit_id  int not null,
  via      smallint not null,
  status   text not null,
  overdue  boolean not null,
  slot     smallint not null,
  n        int not null,
  primary key (unit_id, via, status, overdue, slot)
);

-- The visibility rows an order should have now, derived from the order, its active assignments and the unit tree.
create function work_order_visibility_rows(p_from bigint, p_to bigint)
returns table(order_id bigint, unit_id int, via smallint) language sql stable as $$
  select x.order_id, x.unit_id, bit_or(x.bit)::smallint from (
    select o.id as order_id, 0 as unit_id, 128 as bit from work_orders o where o.id between p_from and p_to
    union all select o.id, o.district_id, 1 from work_orders o where o.id between p_from and p_to and o.district_id is not null
    union all select o.id, o.street_id, 2 from work_orders o where o.id between p_from and p_to and o.street_id is not null
    union all select o.id, o.lead_unit_id, 32 from work_orders o where o.id between p_from and p_to and o.lead_unit_id is not null
    union all select a.order_id, a.unit_id, case when a.role = 'co_handler' then 80 else 16 end
      from work_order_assignments a where a.active and a.order_id between p_from and p_to
    union all select a.order_id, u.district_id, 4
      from work_order_assignments a join units u on u.id = a.unit_id
      where a.active and a.order_id between p_from and p_to and u.district_id is not null
    union all select a.order_id, anc.id::int, 8
      from work_order_assignments a join units u on u.id = a.unit_id,
           unnest(string_to_array(trim(both '/' from u.path), '/')) as anc(id)
      where a.active and a.order_id between p_from and p_to and anc.id <> ''
  ) x group by x.order_id, x.unit_id
$$;

-- Brings one order's visibility rows and the counts in line with the order as it is now. Called in
-- the transaction that changed the order (which holds its row lock); the counts are changed in one
-- statement, in key order, so two transactions never wait on each other's counters in a cycle.
create function work_order_visibility_sync(p_order bigint) returns void language plpgsql as $$
begin
  with fresh as (
    select r.unit_id, r.via, o.status, cardinality(o.overdue_stages) > 0 as overdue
    from work_order_visibility_rows(p_order, p_order) r join work_orders o on o.id = r.order_id),
  delta as (
    select v.unit_id, v.via, v.status, v.overdue, -1 as d from work_order_visibility v where v.order_id = p_order
    union all select f.unit_id, f.via, f.status, f.overdue, 1 from fresh f)
  insert into work_order_counts as c (unit_id, via, status, overdue, slot, n)
  select d.unit_id, d.via, d.status, d.overdue, (p_order % 16)::smallint, sum(d.d)::int
  from delta d group by d.unit_id, d.via, d.status, d.overdue having sum(d.d) <> 0
  order by 1, 2, 3, 4
  on conflict (unit_id, via, status, overdue, slot) do update set n = c.n + excluded.n;

  delete from work_order_visibility v where v.order_id = p_order
    and not exists (select 1 from work_order_visibility_rows(p_order, p_order) r where r.unit_id = v.unit_id);
  insert into work_order_visibility as v (order_id, unit_id, received_at, via, status, overdue)
  select r.order_id, r.unit_id, o.received_at, r.via, o.status, cardinality(o.overdue_stages) > 0
  from work_order_visibility_rows(p_order, p_order) r join work_orders o on o.id = r.order_id
  on conflict (order_id, unit_id) do update set via = excluded.via, status = excluded.status, overdue = excluded.overdue, received_at = excluded.received_at
    where (v.via, v.status, v.overdue, v.received_at) is distinct from (excluded.via, excluded.status, excluded.overdue, excluded.received_at);
end $$;

-- Bulk form for loaders: replaces the rows of an id range and adjusts the counts by the difference.
create function work_order_visibility_rebuild(p_from bigint, p_to bigint) returns void language plpgsql as $$
begin
  with gone as (delete from work_order_visibility v where v.order_id between p_from and p_to returning v.unit_id, v.via, v.status, v.overdue, v.order_id)
  insert into work_order_counts as c (unit_id, via, status, overdue, slot, n)
  select g.unit_id, g.via, g.status, g.overdue, (g.order_id % 16)::smallint, -count(*)::int from gone g group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
  on conflict (unit_id, via, status, overdue, slot) do update set n = c.n + excluded.n;
  with fresh as (
    insert into work_order_visibility (order_id, unit_id, received_at, via, status, overdue)
    select r.order_id, r.unit_id, o.received_at, r.via, o.status, cardinality(o.overdue_stages) > 0
    from work_order_visibility_rows(p_from, p_to) r join work_orders o on o.id = r.order_id
    returning unit_id, via, status, overdue, order_id)
  insert into work_order_counts as c (unit_id, via, status, overdue, slot, n)
  select f.unit_id, f.via, f.status, f.overdue, (f.order_id % 16)::smallint, count(*)::int from fresh f group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
  on conflict (unit_id, via, status, overdue, slot) do update set n = c.n + excluded.n;
end $$;

-- Queues of people rather than units, in keyset order.
create index work_orders_creator_time_idx on work_orders(created_by, received_at desc, id desc);
create index work_orders_requester_time_idx on work_orders(requester_user_id, received_at desc, id desc) where requester_user_id is not null;
create index work_orders_received_id_idx on work_orders(received_at desc, id desc);

-- Search. Words of the text: the jieba tokens each order stores (GIN over the array). Fragments of
-- title and address: character bigrams, which work for Chinese under any locale (pg_trgm skips
-- CJK when the database's LC_CTYPE is C). The phone's digits: trigrams.
-- Lower case without white space (ASCII and the ideographic space), as searches compare text.
create function search_fold(t text) returns text language sql immutable parallel safe as $$
  select lower(translate(coalesce(t, ''), E' \t\r\n\u3000', ''))
$$;
-- Every two-character slice of the folded text (a loop: several times faster here than set-returning SQL).
create function cjk_bigrams(t text) returns text[] language plpgsql immutable parallel safe as $$
declare
  s text := search_fold(t);
  out text[] := '{}';
begin
  for i in 1 .. char_length(s) - 1 loop
    out := out || substr(s, i, 2);
  end loop;
  return out;
end $$;
create index work_orders_tokens_idx on work_orders using gin (tokens);
create index work_orders_place_bigrams_idx on work_orders using gin (cjk_bigrams(title || ' ' || coalesce(address, '')));
create index work_orders_phone_trgm_idx on work_orders using gin (requester_phone gin_trgm_ops) where requester_phone is not null;

-- Attachments: bytes live in a content-addressed store (files under the data directory, or S3);
-- the row keeps the metadata and the sha256. `content` stays nullable for rows not yet moved.
alter table attachments alter column content drop not null;
alter table attachments add column sha256 text;
alter table attachments add column store text;
-- Photos sent with a contact or feedback step name the event they came with.
alter table attachments add column event_seq int;
create index attachments_sha_idx on attachments(sha256) where sha256 is not null;
-- Rows whose bytes still wait to be moved out (found at start without reading the whole table).
create index attachments_unmoved_idx on attachments(id) where content is not null;

-- Orders that exist before this migration get their rows and counts now.
select work_order_visibility_rebuild(0, 9223372036854775807);
