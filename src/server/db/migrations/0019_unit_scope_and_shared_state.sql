-- Duty lists get an owner: the city's base list of a kind (scope_unit_id null), a district's
-- variant of it (加法 / 减法, seed 002 "允许各区局部微调"), or a single street's or township's.
-- One list in force per kind and owner; versions stay numbered across the kind, so "第N版" names
-- one list whoever owns it.
alter table duty_lists add column scope_unit_id int references units(id);
drop index duty_lists_one_active_idx;
create unique index duty_lists_one_active_idx on duty_lists(list_kind, unit_kind, coalesce(scope_unit_id, 0)) where status = 'active';
create index duty_lists_scope_idx on duty_lists(scope_unit_id) where scope_unit_id is not null;

-- The sign-in, tracking and filing limiter's state, shared by every server process (it was per
-- process, so N processes gave N times the allowance). Times are the app's clock in ms. Unlogged:
-- after a crash the counters start afresh, and a failed sign-in does not wait for a WAL flush.
create unlogged table throttle_state (
  key           text primary key,
  n             int not null,
  since         bigint not null,
  locked_until  bigint not null default 0
);
