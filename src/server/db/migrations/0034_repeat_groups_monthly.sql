-- Repeat groups bounded to one Asia/Shanghai calendar month, and a per-unit summary of each group
-- (analysis module). A kept group was a component over every order ever taken in, so at ten
-- million orders a year it chained across the year (one place group held 38,067 orders) and a
-- period's read counted every grouped order of the period. Now the stored key of repeat_orders
-- carries the month of received_at (`g123@2026-07`): a group is a component of the same pairwise
-- rule among one key's orders of one month, and the repeat lists follow the monthly cadence of
-- 考评 and 每月一题.

-- Per group, per unit that may see some of its members (repeat_visible's unit, the centre 0) and
-- per distinct via value: how many of those members and the first and last received_at. Kept
-- with repeat_visible by the consumer in the same transaction; the read of a period sums the rows
-- of the caller's unit instead of counting orders.
create table repeat_group_units (
  group_id  bigint not null,
  unit_id   int not null,
  via       smallint not null,
  kind      smallint not null,
  first_at  timestamptz not null,
  last_at   timestamptz not null,
  n         int not null,
  primary key (group_id, unit_id, via)
);
-- A group lies in one calendar month, so a period's groups are one range of last_at per grant.
create index repeat_group_units_read_idx on repeat_group_units(kind, unit_id, last_at) include (first_at, via, group_id, n);

-- The groups change definition: empty them and reset the checkpoint to "never ran", so the next
-- consumer pass rebuilds from scratch on a long log (and replays a short one).
truncate repeat_orders, repeat_groups, repeat_visible restart identity;
update analysis_checkpoints set last_event_id = 0, gap_xmax = null, updated_at = null where name = 'repeats';
