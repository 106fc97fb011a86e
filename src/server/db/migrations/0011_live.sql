-- Live updates and derived notifications.
--
-- One NOTIFY per statement (not per row) on channel shaobao_live tells every server process that
-- new work-order events or notifications committed; listeners then read the rows by id. The
-- payload is only a wake-up, so a bulk load of a million events costs one notification, and a
-- listener that missed one catches up on the next.
create function shaobao_live_wake() returns trigger language plpgsql as $$
begin
  perform pg_notify('shaobao_live', tg_argv[0]);
  return null;
end $$;

create trigger work_order_events_live after insert on work_order_events
  for each statement execute function shaobao_live_wake('e');
create trigger notifications_live after insert on notifications
  for each statement execute function shaobao_live_wake('n');

-- Consumers of an append-only log: the checkpoint is how far a consumer has read; the marks make
-- each event's effect happen once even when ids commit out of order (a lower id committing after
-- a higher one is re-read through a short look-back and skipped if already marked).
create table event_consumers (
  name        text primary key,
  last_id     bigint not null,
  updated_at  timestamptz not null default now()
);
create table consumed_events (
  consumer  text not null references event_consumers(name),
  event_id  bigint not null,
  primary key (consumer, event_id)
);

-- An existing installation starts from now: nobody is told about history.
insert into event_consumers(name, last_id) select 'work-order-notices', coalesce(max(id), 0) from work_order_events;

-- Notifications that also go out by SMS or e-mail; the outbound sender claims the pending ones.
alter table notifications
  add column outbound text[],
  add column outbound_sent_at timestamptz,
  add column outbound_attempts int not null default 0,
  add column outbound_result text;
create index notifications_outbound_idx on notifications(id) where outbound is not null and outbound_sent_at is null;

-- Command-centre figures read today's slice and the open set through these, never all history.
create index work_orders_dispatched_idx on work_orders(dispatched_at) where dispatched_at is not null;
create index work_orders_closed_at_idx on work_orders(closed_at) where closed_at is not null;
create index work_orders_open_emergency_idx on work_orders(received_at desc)
  where urgency = 'emergency' and status not in ('answered', 'not_dispatched', 'closed', 'merged');
create index work_orders_open_overdue_idx on work_orders(received_at)
  where cardinality(overdue_stages) > 0 and status not in ('answered', 'not_dispatched', 'closed', 'merged');
-- The open set by status and area, readable from the index alone.
create index work_orders_open_idx on work_orders(status, street_id, community_id, urgency) include (overdue_stages, district_id)
  where status not in ('answered', 'not_dispatched', 'closed', 'merged');
