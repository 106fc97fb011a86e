-- The report-in sweep flags thousands of summons at once after an outage. With half of each page
-- free, the late flag (no indexed column) is written in place as a HOT update for every row of a
-- page, instead of a new row version in each of the table's indexes; the other updates a summons
-- sees (report-in, action, release) reuse the room as pruning frees it. New pages only: existing
-- ones keep their layout until rewritten.
alter table whistle_summons set (fillfactor = 50);

-- Timers of other subjects than work orders have no order: indexing their nulls made every fired
-- or cancelled timer write one more index entry for nothing.
create index deadlines_order_only_idx on deadlines(order_id) where order_id is not null;
drop index deadlines_order_idx;

-- 双报到 (seed 004: 对街道吹响的“攻坚哨”，实行挂包街道的区委常委和分管副区长“双报到”机制): when a
-- 攻坚哨 summons the district's leaders, the summons is reported in only once both posts have —
-- the 区委常委 assigned to (挂包) the street and the deputy district head in charge (分管副区长) —
-- each naming who came. One row per post that reported in.
create table whistle_leader_report_ins (
  summons_id    bigint not null references whistle_summons(id),
  post          text not null check (post in ('standing_committee','deputy_head')),
  person        text not null,
  reported_at   timestamptz not null,
  reported_by   int references users(id),
  late_minutes  int,
  primary key (summons_id, post)
);
