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
