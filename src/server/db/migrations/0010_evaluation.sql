-- 考评: versioned evaluation policy, rollups kept from the work-order event log, appeals, published rankings.

-- Policy is data: one row per version and unit kind, valid for the periods (named by the month they
-- end in) from valid_from up to, not including, valid_to. Versions of a kind never overlap.
create table evaluation_policies (
  id          serial primary key,
  unit_kind   text not null check (unit_kind in ('district','street','department','enterprise')),
  version     int not null,
  valid_from  text not null check (valid_from ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  valid_to    text check (valid_to ~ '^\d{4}-(0[1-9]|1[0-2])$' and valid_to > valid_from),
  rules       jsonb not null,
  note        text,
  created_by  int references users(id),
  created_at  timestamptz not null default now(),
  unique (unit_kind, version),
  unique (unit_kind, valid_from)
);

-- One row per callback as the event log tells it, with the units that had a part at that moment:
-- who was lead when the callback was made is fixed here, not guessed from today's assignments.
create table evaluation_callback_facts (
  callback_id          bigint primary key references callbacks(id),
  event_id             bigint not null unique,
  order_id             bigint not null references work_orders(id),
  round                int not null,
  at                   timestamptz not null,
  lead_unit_id         int references units(id),
  co_handler_unit_ids  int[] not null default '{}',
  valid                boolean not null,
  contacted            boolean,
  solved               boolean,
  satisfaction         text
);
create index evaluation_facts_order_idx on evaluation_callback_facts(order_id);

-- What each unit is judged on, per order and period (the callback that counts, after appeals).
create table evaluation_order_results (
  unit_id       int not null references units(id),
  period        text not null,
  order_id      bigint not null references work_orders(id),
  callback_id   bigint not null references callbacks(id),
  weight        numeric(12,4) not null,
  contacted     boolean not null,
  solved        boolean not null,
  satisfaction  text not null,
  appeal_id     bigint,
  primary key (period, unit_id, order_id, callback_id)
);
create index evaluation_results_order_idx on evaluation_order_results(order_id);

-- Sums of the results per unit and period, kept by deltas as results change.
create table evaluation_rollups (
  period               text not null,
  unit_id              int not null references units(id),
  valid_callbacks      numeric(14,4) not null default 0,
  contacted            numeric(14,4) not null default 0,
  solved               numeric(14,4) not null default 0,
  satisfied            numeric(14,4) not null default 0,
  basically_satisfied  numeric(14,4) not null default 0,
  primary key (period, unit_id)
);

-- How far the rollups have read the event log; gap_xmax holds an id gap open until every
-- transaction that could still fill it has ended.
create table evaluation_checkpoints (
  name           text primary key,
  last_event_id  bigint not null default 0,
  gap_xmax       text,
  updated_at     timestamptz
);
insert into evaluation_checkpoints(name, last_event_id) values ('rollups', 0);

create table evaluation_appeals (
  id             bigserial primary key,
  callback_id    bigint not null references callbacks(id),
  order_id       bigint not null references work_orders(id),
  unit_id        int not null references units(id),
  period         text not null,
  reason         text not null,
  -- 'invalidate': the callback should not count; 'correct': it counts with the corrected answers
  outcome        text not null check (outcome in ('invalidate','correct')),
  corrected      jsonb,
  status         text not null check (status in ('pending','approved','rejected')),
  filed_by       int references users(id),
  filed_at       timestamptz not null,
  decided_by     int references users(id),
  decided_at     timestamptz,
  decision_note  text
);
create unique index evaluation_appeals_one_pending_idx on evaluation_appeals(callback_id) where status = 'pending';
create index evaluation_appeals_unit_idx on evaluation_appeals(unit_id, status);

-- Published rankings are frozen; a later version records its difference from the one before.
create table evaluation_ranking_snapshots (
  id            serial primary key,
  grp           text not null check (grp in ('districts','streets','departments','enterprises')),
  period        text not null,
  version       int not null,
  items         jsonb not null,
  diff          jsonb not null default '[]',
  reason        text,
  published_by  int references users(id),
  published_at  timestamptz not null,
  unique (grp, period, version)
);

-- Every change to figures or policy that a person made: never silent.
create table evaluation_audit (
  id        bigserial primary key,
  at        timestamptz not null,
  actor_id  int references users(id),
  kind      text not null,
  subject   text not null,
  data      jsonb not null default '{}'
);
create index evaluation_audit_subject_idx on evaluation_audit(subject);

-- The default policy (domain §5): 10/50/40, 基本满意 counted 0.9, calendar months; a department's
-- composite takes the streets' whistle ratings at one third.
insert into evaluation_policies(unit_kind, version, valid_from, rules, note)
select k, 1, '2000-01',
  jsonb_build_object(
    'weights', jsonb_build_object('response', 0.1, 'resolution', 0.5, 'satisfaction', 0.4),
    'basicallySatisfiedCredit', 0.9,
    'periodStartDay', 1,
    'counting', jsonb_build_object('removeApprovedExclusions', true, 'excludeNotDispatched', true,
                                   'mergedCountedOnce', true, 'reopenRule', 'last_valid_in_period'),
    'coHandlerShare', 0,
    'minimumVolume', 5,
    'lagging', jsonb_build_object('bottomCount', 3, 'belowScore', 60),
    'appealWindowDays', 10,
    'whistleWeight', case when k = 'department' then round(1.0 / 3, 6) else 0 end),
  '默认考评规则 / default evaluation policy'
from unnest(array['district','street','department','enterprise']) as k;
