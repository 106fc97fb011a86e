-- Repeated requests kept as orders arrive (analysis module): every order's place and requester key
-- with what the rule compares, the group each belongs to under the default 30-day window, and the
-- grouped orders copied per visibility unit, so a period's groups are read from one index range of
-- the caller's unit instead of grouping every order of the period. Kept by the repeat consumer
-- from work_order_events (checkpoint 'repeats' in analysis_checkpoints); filled from scratch by
-- rebuildRepeatGroups (bulk loads, and on first start: the consumer begins at event 0).

-- kind: 1 place (grid, or normalised address), 2 requester (phone digits). One row per order and
-- kind that has a key. `words` are the order's tokens as the rule counts them (filler removed).
-- group_id is null while the order repeats nothing under the default window.
create table repeat_orders (
  order_id     bigint not null,
  kind         smallint not null,
  key          text not null,
  received_at  timestamptz not null,
  category     text,
  words        text[] not null,
  group_id     bigint,
  primary key (order_id, kind)
);
create index repeat_orders_key_time_idx on repeat_orders(kind, key, received_at);
create index repeat_orders_group_idx on repeat_orders(kind, group_id) where group_id is not null;

create table repeat_groups (
  id    bigserial primary key,
  kind  smallint not null,
  size  int not null
);

-- Grouped orders per unit that may see them (work_order_visibility's unit and via bits, copied):
-- a role's mask over `via` picks its rows, as the visibility index does.
create table repeat_visible (
  kind         smallint not null,
  unit_id      int not null,
  received_at  timestamptz not null,
  order_id     bigint not null,
  via          smallint not null,
  group_id     bigint not null,
  primary key (order_id, kind, unit_id)
);
create index repeat_visible_unit_time_idx on repeat_visible(kind, unit_id, received_at) include (via, group_id, order_id);
-- The orders of the answer's groups: one short range per group, however long the period.
create index repeat_visible_unit_group_idx on repeat_visible(kind, unit_id, group_id, received_at) include (via, order_id);

insert into analysis_checkpoints(name, last_event_id) values ('repeats', 0);
