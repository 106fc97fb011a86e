-- Live updates no longer NOTIFY from the transactions that write events and notifications.
--
-- PostgreSQL serialises the commits of all transactions that issued NOTIFY (a global lock held
-- until the commit, WAL flush included), so every intake waited for every other intake's fsync:
-- on a durable server 16 writers reached about 300 commits/s with the trigger and 1,200–1,500
-- without it. The writing process now wakes its own listeners after the commit, and other
-- processes find the new rows by id on their next poll. Read marks (rare) still NOTIFY.
drop trigger work_order_events_live on work_order_events;
drop trigger notifications_live on notifications;
drop function shaobao_live_wake();
