-- Organisation: the unit tree, people, roles and sessions.
create extension if not exists pg_trgm;

create table units (
  id            serial primary key,
  code          text not null unique,
  name          text not null,
  name_en       text,
  kind          text not null check (kind in ('city','district','street','township','community','grid',
                                              'department','enterprise','hotline_centre')),
  parent_id     int references units(id),
  -- materialised path of ids, '/1/4/17/', so a subtree is one prefix match
  path          text not null,
  district_id   int references units(id),
  -- departments: 'municipal' or 'district'; enterprises: the service (water, power, gas, heating, telecom…)
  tier          text,
  population    int,
  area_km2      double precision,
  geometry      jsonb,
  centroid_lon  double precision,
  centroid_lat  double precision,
  active        boolean not null default true,
  created_at    timestamptz not null default now()
);
create index units_parent_idx on units(parent_id);
create index units_path_idx on units(path text_pattern_ops);
create index units_kind_idx on units(kind);

create table users (
  id             serial primary key,
  username       text not null unique,
  display_name   text not null,
  password_hash  text not null,
  kind           text not null default 'staff' check (kind in ('staff','citizen')),
  phone          text,
  locale         text not null default 'zh-CN',
  active         boolean not null default true,
  created_at     timestamptz not null default now()
);

-- A role is always held in a unit: a dispatcher of the hotline centre, street staff of 东华门街道…
create table user_roles (
  id       serial primary key,
  user_id  int not null references users(id) on delete cascade,
  role     text not null check (role in ('intake_agent','dispatcher','callback_agent','hotline_supervisor',
                                         'street_staff','department_staff','district_supervisor',
                                         'grid_member','admin','citizen')),
  unit_id  int references units(id)
);
create unique index user_roles_unique_idx on user_roles(user_id, role, coalesce(unit_id, 0));
create index user_roles_unit_idx on user_roles(unit_id);

create table sessions (
  token_hash  text primary key,
  user_id     int not null references users(id) on delete cascade,
  created_at  timestamptz not null,
  expires_at  timestamptz not null
);
create index sessions_user_idx on sessions(user_id);
