-- 每月一题 (monthly themes: problems, tasks, policies), the long-term tracking list (长期跟踪), and
-- 未诉先办 (forecast alerts turned into proactive cases). Each object has its own append-only events;
-- task deadlines and review dates are timers in the shared deadlines table (subject kinds
-- 'theme_task' and 'long_term_review').

create table monthly_themes (
  id             bigserial primary key,
  title          text not null,
  month          text not null check (month ~ '^\d{4}-\d{2}$'),
  summary        text not null default '',
  district_id    int not null references units(id),
  lead_unit_id   int not null references units(id),
  -- the candidate cluster it came from (top terms, counts, order ids), null when made by hand
  source         jsonb,
  status         text not null check (status in ('active','closed')),
  result         text,
  version        int not null default 1,
  created_by     int references users(id),
  created_at     timestamptz not null,
  updated_at     timestamptz not null,
  closed_at      timestamptz
);
create index monthly_themes_district_idx on monthly_themes(district_id, created_at desc);

create table theme_problems (
  id           bigserial primary key,
  theme_id     bigint not null references monthly_themes(id),
  title        text not null,
  -- what counts as a request about this problem, for the before/after chart
  categories   text[] not null default '{}',
  terms        text[] not null default '{}',
  street_ids   int[] not null default '{}',
  created_at   timestamptz not null
);
create index theme_problems_theme_idx on theme_problems(theme_id, id);

create table theme_tasks (
  id             bigserial primary key,
  theme_id       bigint not null references monthly_themes(id),
  problem_id     bigint references theme_problems(id),
  title          text not null,
  owner_unit_id  int not null references units(id),
  due_at         timestamptz not null,
  status         text not null check (status in ('open','done')),
  progress       text,
  overdue        boolean not null default false,
  done_at        timestamptz,
  created_at     timestamptz not null
);
create index theme_tasks_theme_idx on theme_tasks(theme_id, id);
create index theme_tasks_owner_idx on theme_tasks(owner_unit_id) where status = 'open';

create table theme_policies (
  id          bigserial primary key,
  theme_id    bigint not null references monthly_themes(id),
  title       text not null,
  issued_on   date not null,
  text        text not null default '',
  link        text,
  created_at  timestamptz not null
);
create index theme_policies_theme_idx on theme_policies(theme_id, id);

create table monthly_theme_events (
  id             bigserial primary key,
  theme_id       bigint not null references monthly_themes(id),
  type           text not null,
  action         text,
  actor_id       int references users(id),
  actor_role     text,
  actor_unit_id  int references units(id),
  at             timestamptz not null,
  from_status    text,
  to_status      text,
  data           jsonb not null default '{}'
);
create index monthly_theme_events_theme_idx on monthly_theme_events(theme_id, id);

create table long_term_items (
  id               bigserial primary key,
  order_id         bigint not null references work_orders(id),
  reason_kind      text not null check (reason_kind in ('policy','history','jurisdiction')),
  reason           text not null,
  unit_id          int not null references units(id),
  district_id      int references units(id),
  review_days      int not null check (review_days between 1 and 365),
  next_review_at   timestamptz not null,
  review_due       boolean not null default false,
  status           text not null check (status in ('tracking','resolved')),
  version          int not null default 1,
  created_by       int references users(id),
  created_at       timestamptz not null,
  updated_at       timestamptz not null
);
create unique index long_term_items_order_idx on long_term_items(order_id) where status = 'tracking';

create table long_term_events (
  id             bigserial primary key,
  item_id        bigint not null references long_term_items(id),
  type           text not null,
  actor_id       int references users(id),
  actor_role     text,
  actor_unit_id  int references units(id),
  at             timestamptz not null,
  note           text,
  data           jsonb not null default '{}'
);
create index long_term_events_item_idx on long_term_events(item_id, id);

create table forecast_alerts (
  id             bigserial primary key,
  street_id      int not null references units(id),
  district_id    int references units(id),
  category       text not null,
  week_start     date not null,
  expected       double precision not null,
  lower          double precision not null,
  upper          double precision not null,
  recent_weekly  double precision not null,
  status         text not null check (status in ('open','converted','dismissed')),
  created_at     timestamptz not null,
  unique (street_id, category, week_start)
);
create index forecast_alerts_status_idx on forecast_alerts(status, created_at desc);

create table proactive_cases (
  id                bigserial primary key,
  alert_id          bigint references forecast_alerts(id),
  title             text not null,
  description       text not null default '',
  category          text,
  street_id         int references units(id),
  district_id       int references units(id),
  assigned_unit_id  int not null references units(id),
  status            text not null check (status in ('open','acting','done')),
  result            text,
  version           int not null default 1,
  created_by        int references users(id),
  created_at        timestamptz not null,
  updated_at        timestamptz not null
);
create index proactive_cases_unit_idx on proactive_cases(assigned_unit_id, status);
create unique index proactive_cases_alert_idx on proactive_cases(alert_id) where alert_id is not null;

create table proactive_case_events (
  id             bigserial primary key,
  case_id        bigint not null references proactive_cases(id),
  type           text not null,
  actor_id       int references users(id),
  actor_role     text,
  actor_unit_id  int references units(id),
  at             timestamptz not null,
  from_status    text,
  to_status      text,
  note           text,
  data           jsonb not null default '{}'
);
create index proactive_case_events_case_idx on proactive_case_events(case_id, id);

create function shaobao_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name;
end $$;
create trigger monthly_theme_events_append_only before update or delete on monthly_theme_events
  for each row execute function shaobao_append_only();
create trigger long_term_events_append_only before update or delete on long_term_events
  for each row execute function shaobao_append_only();
create trigger proactive_case_events_append_only before update or delete on proactive_case_events
  for each row execute function shaobao_append_only();
