-- The street dispatches stationed staff (派驻人员) directly on a routine whistle: their department is
-- summoned through them, and they report in as that department.
alter table whistle_summons drop constraint whistle_summons_source_check;
alter table whistle_summons add constraint whistle_summons_source_check check (source in ('proposed','added','district','stationed'));
alter table whistle_summons add column stationed_staff_ids int[] not null default '{}';

-- Photos on a whistle (at blowing) and on a unit's recorded action; the bytes live in the shared
-- attachment store, addressed by sha256, as work-order attachments do.
create table whistle_photos (
  id          bigserial primary key,
  whistle_id  bigint not null references whistles(id),
  action_id   bigint references whistle_actions(id),
  kind        text not null check (kind in ('image','audio','video','document','text')),
  name        text not null,
  mime        text not null,
  size        int not null,
  sha256      text not null,
  store       text not null,
  created_by  int references users(id),
  created_at  timestamptz not null
);
create index whistle_photos_whistle_idx on whistle_photos(whistle_id, id);

-- Report-in timers are claimed with their whistle and fired in large batches: room on each page lets
-- the late flag be written in place (a HOT update) rather than as a new row in every index.
alter table whistle_summons set (fillfactor = 80);
