-- 接诉即办: work orders, their assignments, events and the records each step leaves.

create table calendar_days (
  calendar  text not null default 'CN',
  date      date not null,
  kind      text not null check (kind in ('holiday','workday')),
  name      text not null,
  primary key (calendar, date)
);

-- SLA policy is versioned data: a new version is a new row; orders keep the version they used.
create table sla_policies (
  id             serial primary key,
  version        int not null unique,
  name           text not null,
  calendar       text not null default 'CN',
  rules          jsonb not null,
  warn_fraction  double precision not null default 0.8,
  rehandling     jsonb not null,
  valid_from     timestamptz not null,
  valid_to       timestamptz,
  created_by     int references users(id),
  created_at     timestamptz not null default now()
);

create table work_orders (
  id                   bigserial primary key,
  code                 text not null unique,
  status               text not null,
  -- optimistic concurrency: every change bumps it; a writer names the version it saw
  version              int not null default 1,
  channel              text not null,
  request_type         text not null,
  title                text not null,
  text                 text not null,
  urgency              text not null,
  category             text,
  district_id          int references units(id),
  street_id            int references units(id),
  community_id         int references units(id),
  grid_id              int references units(id),
  address              text,
  lon                  double precision,
  lat                  double precision,
  requester_name       text,
  requester_phone      text,
  requester_anonymous  boolean not null default false,
  requester_user_id    int references users(id),
  lead_unit_id         int references units(id),
  sla_policy_id        int references sla_policies(id),
  received_at          timestamptz not null,
  dispatched_at        timestamptz,
  signed_at            timestamptz,
  first_contact_at     timestamptz,
  feedback_at          timestamptz,
  closed_at            timestamptz,
  due_dispatch_at      timestamptz,
  due_sign_at          timestamptz,
  due_contact_at       timestamptz,
  due_feedback_at      timestamptz,
  overdue_stages       text[] not null default '{}',
  reopen_count         int not null default 0,
  extension_count      int not null default 0,
  excluded             boolean not null default false,
  merged_into_id       bigint references work_orders(id),
  -- the status a dispute or escalation came from, so a rejected dispute returns there
  held_from_status     text,
  answer               text,
  close_reason         text,
  feedback_text        text,
  feedback_solved      boolean,
  created_by           int references users(id),
  updated_at           timestamptz not null
);
create index work_orders_status_idx on work_orders(status);
create index work_orders_lead_idx on work_orders(lead_unit_id, status);
create index work_orders_street_idx on work_orders(street_id);
create index work_orders_district_idx on work_orders(district_id);
create index work_orders_requester_idx on work_orders(requester_user_id);
create index work_orders_received_idx on work_orders(received_at desc);
create index work_orders_merged_idx on work_orders(merged_into_id) where merged_into_id is not null;

-- Who has a part in an order: the lead unit, co-handlers, and the district an order to a street is copied to.
create table work_order_assignments (
  id           bigserial primary key,
  order_id     bigint not null references work_orders(id),
  unit_id      int not null references units(id),
  role         text not null check (role in ('lead','co_handler','copy')),
  active       boolean not null default true,
  assigned_at  timestamptz not null,
  report       text,
  reported_at  timestamptz
);
create index woa_order_idx on work_order_assignments(order_id);
create index woa_unit_idx on work_order_assignments(unit_id) where active;

-- Append-only: the timeline, the audit log and the trigger for follow-up work.
create table work_order_events (
  id           bigserial primary key,
  order_id     bigint not null references work_orders(id),
  seq          int not null,
  type         text not null,
  action       text,
  actor_id     int references users(id),
  actor_role   text,
  actor_unit_id int references units(id),
  at           timestamptz not null,
  from_status  text,
  to_status    text,
  reason       text,
  data         jsonb not null default '{}',
  unique (order_id, seq)
);

create table attachments (
  id          bigserial primary key,
  order_id    bigint not null references work_orders(id),
  kind        text not null check (kind in ('image','audio','video','document','text')),
  name        text not null,
  mime        text not null,
  size        int not null,
  content     bytea not null,
  created_by  int references users(id),
  created_at  timestamptz not null
);
create index attachments_order_idx on attachments(order_id);

create table callbacks (
  id            bigserial primary key,
  order_id      bigint not null references work_orders(id),
  round         int not null,
  valid         boolean not null,
  contacted     boolean,
  solved        boolean,
  satisfaction  text check (satisfaction in ('satisfied','basically_satisfied','dissatisfied')),
  note          text,
  agent_id      int references users(id),
  at            timestamptz not null
);
create index callbacks_order_idx on callbacks(order_id);

create table extensions (
  id              bigserial primary key,
  order_id        bigint not null references work_orders(id),
  unit_id         int not null references units(id),
  reason          text not null,
  duration        jsonb not null,
  requester_informed boolean not null,
  status          text not null check (status in ('pending','approved','refused')),
  requested_by    int references users(id),
  requested_at    timestamptz not null,
  decided_by      int references users(id),
  decided_at      timestamptz,
  decision_note   text,
  old_due_at      timestamptz,
  new_due_at      timestamptz
);
create unique index extensions_one_pending_idx on extensions(order_id) where status = 'pending';

create table disputes (
  id             bigserial primary key,
  order_id       bigint not null references work_orders(id),
  unit_id        int not null references units(id),
  reason         text not null,
  suggested_unit_id int references units(id),
  status         text not null check (status in ('pending','onsite_check','redispatched','rejected')),
  raised_by      int references users(id),
  raised_at      timestamptz not null,
  decided_by     int references users(id),
  decided_at     timestamptz,
  decision_note  text
);
create index disputes_order_idx on disputes(order_id);

create table exclusions (
  id             bigserial primary key,
  order_id       bigint not null references work_orders(id),
  reason         text not null,
  status         text not null check (status in ('pending','approved','refused')),
  requested_by   int references users(id),
  requested_at   timestamptz not null,
  decided_by     int references users(id),
  decided_at     timestamptz,
  decision_note  text
);
create unique index exclusions_one_pending_idx on exclusions(order_id) where status = 'pending';

create table supervisions (
  id          bigserial primary key,
  order_id    bigint not null references work_orders(id),
  kind        text not null check (kind in ('warning','overdue','manual')),
  stage       text,
  note        text,
  created_by  int references users(id),
  created_at  timestamptz not null
);
create index supervisions_order_idx on supervisions(order_id);

-- Deadlines are data: one row per timer; a sweep claims what is due, so a restart skips nothing
-- and a fired row never fires twice.
create table deadlines (
  id          bigserial primary key,
  order_id    bigint not null references work_orders(id),
  stage       text not null,
  kind        text not null check (kind in ('warn','due')),
  fire_at     timestamptz not null,
  fired_at    timestamptz,
  cancelled   boolean not null default false
);
create index deadlines_pending_idx on deadlines(fire_at) where fired_at is null and not cancelled;
create index deadlines_order_idx on deadlines(order_id);

create table idempotency_keys (
  scope       text not null,
  key         text not null,
  request_hash text not null,
  order_id    bigint not null references work_orders(id),
  created_at  timestamptz not null,
  primary key (scope, key)
);

create sequence work_order_code_seq;
