-- Gazetteer places and unit boundaries edited in the browser: a place is retired, never deleted
-- (addresses typed before still name it in orders' text), edits carry an optimistic version, and
-- one history of every change (who, when, the fields before and after) for places and boundaries.
alter table gazetteer add column active boolean not null default true;
alter table gazetteer add column version int not null default 1;

create table geo_changes (
  id            bigserial primary key,
  subject_kind  text not null check (subject_kind in ('place', 'boundary')),
  -- a gazetteer id for a place, a unit id for a boundary
  subject_id    int not null,
  at            timestamptz not null,
  actor_id      int references users(id) on delete set null,
  -- created, updated, retired, restored (places); replaced (boundaries)
  action        text not null,
  before        jsonb not null default '{}',
  after         jsonb not null default '{}'
);
create index geo_changes_subject_idx on geo_changes(subject_kind, subject_id, id desc);
