-- The staff inbox: one row per person told about something (a whistle for their unit, an order
-- dispatched to them, a deadline near or past). Subjects are named by kind and id, so every
-- mechanism (work orders, whistles, evaluation…) writes to the same inbox.
create table notifications (
  id            bigserial primary key,
  user_id       int not null references users(id) on delete cascade,
  unit_id       int references units(id),
  kind          text not null,
  subject_kind  text not null,
  subject_id    bigint not null,
  title         text not null,
  title_en      text not null,
  body          text,
  body_en       text,
  link          text,
  data          jsonb not null default '{}',
  created_at    timestamptz not null,
  read_at       timestamptz
);
create index notifications_user_idx on notifications(user_id, id desc);
create index notifications_unread_idx on notifications(user_id) where read_at is null;
