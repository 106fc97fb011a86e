-- Administration of people and units in the browser: optimistic versions on both, a unit's short
-- name and duty phone, and one history of every change (who, when, the fields before and after).
alter table users add column version int not null default 1;
alter table units add column version int not null default 1;
alter table units add column short_name text;
alter table units add column phone text;

create table org_changes (
  id            bigserial primary key,
  subject_kind  text not null check (subject_kind in ('user', 'unit')),
  subject_id    int not null,
  at            timestamptz not null,
  actor_id      int references users(id) on delete set null,
  -- created, updated, deactivated, reactivated, password_reset
  action        text not null,
  -- only the fields that changed, before and after; never a password or its hash
  before        jsonb not null default '{}',
  after         jsonb not null default '{}'
);
create index org_changes_subject_idx on org_changes(subject_kind, subject_id, id desc);
