-- 考评, continued: kept counts for 七有/五性, the monthly report's worst categories and the repeat-request
-- indicator, so those reads sum a few kept rows instead of scanning a place's orders for a year.
--
-- What an order counts for is a function of two things: its place (received day, category, district,
-- street, lead unit, and the repeat fact) and its evaluation results. Both are kept by the evaluation
-- consumer, which reads work_order_events past its checkpoint: the places of every order an event in a
-- batch touches are restated from work_orders, then the judged orders' results rewritten. Either side
-- moves the counts by (what the order counts for now) − (what it counted for before), in one
-- statement, in key order. Nothing runs in the work-orders module's transactions (intake pays nothing);
-- a change of work_orders without an event is left to the recompute command.

-- The place of every order as the counts have it. `repeat`: an earlier order with the same phone and
-- the same category (nulls alike) received within 30 days before (the repeat-request indicator).
create table evaluation_order_places (
  order_id         bigint primary key,
  received_at      timestamptz not null,
  day              date not null,
  category         text,
  district_id      int,
  street_id        int,
  lead_unit_id     int,
  requester_phone  text,
  repeat           boolean not null
);

-- Orders received per Shanghai day and place, by category ('' none). A district's orders are kept
-- twice: 'district' (street_id 0) for its totals and twelve-period trend, 'district_street' by street
-- (0 none) for its per-street rows of one period, which would be street × category times more rows
-- to read for the trend. 'street' and 'lead' have street_id 0. Any period bound is a Shanghai
-- midnight, so a period's volume is the sum of its days under any policy.
create table evaluation_volume_daily (
  place     text not null check (place in ('district','district_street','street','lead')),
  unit_id   int not null,
  day       date not null,
  street_id int not null,
  category  text not null,
  n         int not null,
  repeats   int not null,
  primary key (place, unit_id, day, street_id, category)
);

-- The callbacks that count, one per order and period (its result of the highest weight, as in
-- evaluation_order_results), by the order's place and category; orders without a category left out.
create table evaluation_dim_results (
  place                text not null,
  unit_id              int not null,
  period               text not null,
  street_id            int not null,
  category             text not null,
  valid_callbacks      int not null,
  contacted            int not null,
  solved               int not null,
  satisfied            int not null,
  basically_satisfied  int not null,
  primary key (place, unit_id, period, street_id, category)
);

-- Weighted results per judged unit, period and top-level category (left(category, 5)).
create table evaluation_category_results (
  unit_id              int not null,
  period               text not null,
  code                 text not null,
  weight               numeric(14,4) not null,
  solved               numeric(14,4) not null,
  satisfied            numeric(14,4) not null,
  basically_satisfied  numeric(14,4) not null,
  primary key (unit_id, period, code)
);

-- The places an order is counted in.
create function evaluation_place_keys(p_district int, p_street int, p_lead int)
returns table(place text, unit_id int, street_id int) language sql immutable as $$
  select x.place, x.unit_id, x.street_id
    from (values ('district', p_district, 0), ('district_street', p_district, coalesce(p_street, 0)), ('street', p_street, 0), ('lead', p_lead, 0))
         as x(place, unit_id, street_id)
   where x.unit_id is not null
$$;

-- The places of orders as work_orders has them now.
create function evaluation_fresh_places(p_ids bigint[])
returns setof evaluation_order_places language sql stable as $$
  select o.id, o.received_at, (o.received_at at time zone 'Asia/Shanghai')::date, o.category, o.district_id, o.street_id, o.lead_unit_id, o.requester_phone,
         o.requester_phone is not null and exists (
           select 1 from work_orders q
            where q.requester_phone = o.requester_phone and q.id <> o.id and q.category is not distinct from o.category
              and q.received_at < o.received_at and q.received_at >= o.received_at - interval '30 days')
    from work_orders o where o.id = any(p_ids)
$$;

-- Moves the counts from what (p_old_places, p_old_results) count for to what (p_new_places,
-- p_new_results) do: the whole of a set of orders on each side (a place change passes the same
-- results twice, a results change the same places). One statement, each table's keys in order;
-- plpgsql so that its plan is kept for the session (it runs in every batch of the consumer).
create function evaluation_kept_apply(p_old_places evaluation_order_places[], p_old_results evaluation_order_results[],
                                      p_new_places evaluation_order_places[], p_new_results evaluation_order_results[])
returns void language plpgsql as $$
begin
  with pl as (
    select p.*, -1 as s from unnest(p_old_places) p
    union all select p.*, 1 from unnest(p_new_places) p),
  rs as (
    select r.*, -1 as s from unnest(p_old_results) r where r.weight > 0
    union all select r.*, 1 from unnest(p_new_results) r where r.weight > 0),
  -- one result per order and period: the highest weight, then the latest callback
  best as (
    select distinct on (s, period, order_id) s, period, order_id, contacted, solved, satisfaction
      from rs order by s, period, order_id, weight desc, callback_id desc),
  vol as (
    insert into evaluation_volume_daily as c (place, unit_id, day, street_id, category, n, repeats)
    select k.place, k.unit_id, p.day, k.street_id, coalesce(p.category, ''), sum(p.s), coalesce(sum(p.s) filter (where p.repeat), 0)
      from pl p cross join lateral evaluation_place_keys(p.district_id, p.street_id, p.lead_unit_id) k
     group by 1, 2, 3, 4, 5 having sum(p.s) <> 0 or coalesce(sum(p.s) filter (where p.repeat), 0) <> 0 order by 1, 2, 3, 4, 5
    on conflict (place, unit_id, day, street_id, category) do update set n = c.n + excluded.n, repeats = c.repeats + excluded.repeats
    returning 1),
  dims as (
    insert into evaluation_dim_results as c (place, unit_id, period, street_id, category, valid_callbacks, contacted, solved, satisfied, basically_satisfied)
    select k.place, k.unit_id, b.period, k.street_id, p.category, sum(b.s), coalesce(sum(b.s) filter (where b.contacted), 0),
           coalesce(sum(b.s) filter (where b.solved), 0), coalesce(sum(b.s) filter (where b.satisfaction = 'satisfied'), 0),
           coalesce(sum(b.s) filter (where b.satisfaction = 'basically_satisfied'), 0)
      from best b join pl p on p.order_id = b.order_id and p.s = b.s and p.category is not null
      cross join lateral evaluation_place_keys(p.district_id, p.street_id, p.lead_unit_id) k
     group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
    on conflict (place, unit_id, period, street_id, category) do update set
      valid_callbacks = c.valid_callbacks + excluded.valid_callbacks, contacted = c.contacted + excluded.contacted, solved = c.solved + excluded.solved,
      satisfied = c.satisfied + excluded.satisfied, basically_satisfied = c.basically_satisfied + excluded.basically_satisfied
    returning 1)
    insert into evaluation_category_results as c (unit_id, period, code, weight, solved, satisfied, basically_satisfied)
    select r.unit_id, r.period, left(p.category, 5), sum(r.s * r.weight), coalesce(sum(r.s * r.weight) filter (where r.solved), 0),
           coalesce(sum(r.s * r.weight) filter (where r.satisfaction = 'satisfied'), 0),
           coalesce(sum(r.s * r.weight) filter (where r.satisfaction = 'basically_satisfied'), 0)
      from rs r join pl p on p.order_id = r.order_id and p.s = r.s and p.category is not null
     group by 1, 2, 3 order by 1, 2, 3
    on conflict (unit_id, period, code) do update set
      weight = c.weight + excluded.weight, solved = c.solved + excluded.solved, satisfied = c.satisfied + excluded.satisfied,
      basically_satisfied = c.basically_satisfied + excluded.basically_satisfied;
end $$;

-- Brings the places of orders in line with work_orders and moves the counts, for the orders whose
-- place changed only (most events change none). Orders whose repeat fact can change with them (the
-- same phone, received within 30 days after, by the stored or the current values) are restated too.
-- Their place rows are locked first, in order, so two callers never count one order from two stale pictures.
create function evaluation_places_sync(p_ids bigint[]) returns void language plpgsql as $$
declare ids bigint[]; fresh evaluation_order_places[]; changed bigint[]; results evaluation_order_results[];
begin
  select array_agg(distinct x order by x) into ids from (
    select unnest(p_ids) as x
    union
    select q.id from (select requester_phone, received_at from evaluation_order_places where order_id = any(p_ids) and requester_phone is not null
                      union select requester_phone, received_at from work_orders where id = any(p_ids) and requester_phone is not null) t
      join work_orders q on q.requester_phone = t.requester_phone and q.received_at > t.received_at and q.received_at <= t.received_at + interval '30 days'
  ) s;
  perform 1 from evaluation_order_places where order_id = any(ids) order by order_id for update;
  -- composite equality takes two nulls as equal: an unchanged place is left alone
  fresh := array(select f from evaluation_fresh_places(ids) f
                  where not exists (select 1 from evaluation_order_places k where k.order_id = f.order_id and k = f) order by f.order_id);
  if cardinality(fresh) = 0 then return; end if;
  changed := array(select u.order_id from unnest(fresh) u);
  results := array(select x from evaluation_order_results x where x.order_id = any(changed));
  perform evaluation_kept_apply(array(select k from evaluation_order_places k where k.order_id = any(changed)), results, fresh, results);
  insert into evaluation_order_places as p select * from unnest(fresh)
  on conflict (order_id) do update set received_at = excluded.received_at, day = excluded.day, category = excluded.category,
    district_id = excluded.district_id, street_id = excluded.street_id, lead_unit_id = excluded.lead_unit_id,
    requester_phone = excluded.requester_phone, repeat = excluded.repeat;
end $$;

-- From scratch (the migration, and the bulk rebuild): the places in one set-based pass (the repeat
-- fact by a window over phone and category, the same rule as evaluation_fresh_places), then the
-- counts through evaluation_kept_apply, a range of order ids at a time.
create function evaluation_kept_refill() returns void language plpgsql as $$
declare lo bigint; hi bigint; step constant bigint := 50000;
begin
  truncate evaluation_order_places, evaluation_volume_daily, evaluation_dim_results, evaluation_category_results;
  insert into evaluation_order_places
  select id, received_at, (received_at at time zone 'Asia/Shanghai')::date, category, district_id, street_id, lead_unit_id, requester_phone,
         requester_phone is not null and count(*) over (partition by requester_phone, category order by received_at
                                                        range between interval '30 days' preceding and interval '1 microsecond' preceding) > 0
    from work_orders;
  select min(order_id), max(order_id) into lo, hi from evaluation_order_places;
  while lo <= hi loop
    perform evaluation_kept_apply(null, null,
      array(select p from evaluation_order_places p where p.order_id >= lo and p.order_id < lo + step),
      array(select r from evaluation_order_results r where r.order_id >= lo and r.order_id < lo + step));
    lo := lo + step;
  end loop;
end $$;

select evaluation_kept_refill();
