-- Saved queue views: a person's named filter and sort of the work queue, kept on the server so
-- they follow the person from one workstation to the next. The query is the queue's own URL
-- query string, checked against the list's schema when saved and again when used.
create table queue_views (
  id          serial primary key,
  user_id     int not null references users(id) on delete cascade,
  name        text not null check (length(name) between 1 and 50),
  query       text not null check (length(query) <= 1000),
  created_at  timestamptz not null,
  updated_at  timestamptz not null,
  unique (user_id, name)
);
