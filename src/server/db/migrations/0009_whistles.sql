-- 街乡吹哨、部门报到: a street (or a community through its street) blows a whistle, the summoned
-- units report in within the limit of the whistle's type, act until the job is done, and are rated.

-- Report-in limits per whistle type are policy data with versions, like the SLA policy: a whistle
-- keeps the version in force when it was blown.
create table whistle_policies (
  id                   serial primary key,
  version              int not null unique,
  name                 text not null,
  calendar             text not null default 'CN',
  limits               jsonb not null,
  warn_before_minutes  int not null default 10,
  contest_days         int not null default 7,
  valid_from           timestamptz not null,
  valid_to             timestamptz,
  created_by           int references users(id),
  created_at           timestamptz not null default now()
);
insert into whistle_policies(version, name, limits, valid_from) values (1, '吹哨报到默认时限',
  '{"emergency":{"amount":30,"unit":"minutes"},"key_task":{"amount":24,"unit":"hours"},"hard_problem":{"amount":24,"unit":"hours"},"routine":{"amount":3,"unit":"working_days"}}',
  '2000-01-01T00:00:00Z');

create table whistles (
  id                bigserial primary key,
  type              text not null check (type in ('routine','key_task','hard_problem','emergency')),
  trigger           text not null check (trigger in ('public_request','key_task','joint_enforcement','emergency')),
  -- only 行政执法、应急处置、重大任务 justify a whistle; the reason is kept with it
  scope             text not null check (scope in ('enforcement','emergency','major_task')),
  scope_reason      text not null,
  title             text not null,
  description       text not null,
  place             text,
  lon               double precision,
  lat               double precision,
  on_site           boolean not null,
  street_id         int not null references units(id),
  district_id       int references units(id),
  blown_by          int references users(id),
  blown_by_unit_id  int references units(id),
  policy_id         int not null references whistle_policies(id),
  proposal          jsonb not null default '{}',
  status            text not null check (status in ('open','escalated','closed')),
  result            text,
  version           int not null default 1,
  created_at        timestamptz not null,
  updated_at        timestamptz not null,
  escalated_at      timestamptz,
  closed_at         timestamptz
);
create index whistles_street_idx on whistles(street_id, status);
create index whistles_district_idx on whistles(district_id, status);

create table whistle_orders (
  whistle_id  bigint not null references whistles(id),
  order_id    bigint not null references work_orders(id),
  primary key (whistle_id, order_id)
);
create index whistle_orders_order_idx on whistle_orders(order_id);

-- One row per summoned unit: its report-in (报到) and whether it is done or released.
create table whistle_summons (
  id               bigserial primary key,
  whistle_id       bigint not null references whistles(id),
  unit_id          int not null references units(id),
  source           text not null check (source in ('proposed','added','district')),
  status           text not null check (status in ('pending','reported','acted','released')),
  due_at           timestamptz not null,
  late             boolean not null default false,
  late_flagged_at  timestamptz,
  late_minutes     int,
  reported_at      timestamptz,
  reported_by      int references users(id),
  person           text,
  arrived_at       timestamptz,
  arrived_lon      double precision,
  arrived_lat      double precision,
  released_at      timestamptz,
  release_reason   text,
  created_at       timestamptz not null,
  unique (whistle_id, unit_id)
);
create index whistle_summons_unit_idx on whistle_summons(unit_id, status);

create table whistle_actions (
  id          bigserial primary key,
  whistle_id  bigint not null references whistles(id),
  summons_id  bigint not null references whistle_summons(id),
  unit_id     int not null references units(id),
  text        text not null,
  created_by  int references users(id),
  created_at  timestamptz not null
);
create index whistle_actions_whistle_idx on whistle_actions(whistle_id);

-- 一哨一考核: the street rates each unit once per whistle; a contest goes to the district.
create table whistle_ratings (
  id              bigserial primary key,
  whistle_id      bigint not null references whistles(id),
  unit_id         int not null references units(id),
  rater_unit_id   int not null references units(id),
  timeliness      smallint not null check (timeliness between 1 and 5),
  attitude        smallint not null check (attitude between 1 and 5),
  effectiveness   smallint not null check (effectiveness between 1 and 5),
  comment         text not null default '',
  status          text not null check (status in ('given','contested','upheld','revised')),
  contest_due_at  timestamptz not null,
  contest_reason  text,
  contested_by    int references users(id),
  contested_at    timestamptz,
  original        jsonb,
  decision_note   text,
  decided_by      int references users(id),
  decided_at      timestamptz,
  created_by      int references users(id),
  created_at      timestamptz not null,
  unique (whistle_id, unit_id)
);
create index whistle_ratings_unit_idx on whistle_ratings(unit_id);

-- Append-only: every change with the unit it concerns, so evaluation reads lateness, actions and
-- ratings per unit without guessing from joins.
create table whistle_events (
  id             bigserial primary key,
  whistle_id     bigint not null references whistles(id),
  type           text not null,
  action         text,
  actor_id       int references users(id),
  actor_role     text,
  actor_unit_id  int references units(id),
  unit_id        int references units(id),
  at             timestamptz not null,
  from_status    text,
  to_status      text,
  reason         text,
  data           jsonb not null default '{}'
);
create index whistle_events_whistle_idx on whistle_events(whistle_id, id);
create index whistle_events_unit_idx on whistle_events(unit_id, type);

create function whistle_events_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'whistle_events is append-only';
end $$;
create trigger whistle_events_append_only before update or delete on whistle_events
  for each row execute function whistle_events_append_only();

-- 派驻人员: staff a department keeps at a street's joint enforcement centre, commanded by the street.
create table stationed_staff (
  id             serial primary key,
  street_id      int not null references units(id),
  department_id  int not null references units(id),
  name           text not null,
  phone          text,
  active         boolean not null default true,
  created_by     int references users(id),
  created_at     timestamptz not null
);
create index stationed_staff_street_idx on stationed_staff(street_id) where active;

-- District supervision of units over whistles: reminders and interviews (约谈) with those that fail.
create table whistle_supervisions (
  id           bigserial primary key,
  district_id  int not null references units(id),
  unit_id      int not null references units(id),
  kind         text not null check (kind in ('reminder','interview','priority')),
  note         text not null,
  whistle_id   bigint references whistles(id),
  created_by   int references users(id),
  created_at   timestamptz not null
);
create index whistle_supervisions_unit_idx on whistle_supervisions(unit_id);
