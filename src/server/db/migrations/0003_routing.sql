-- Who is responsible: taxonomy, duty lists, dispatch catalogue, geography, classifier models.

-- A versioned three-level category tree. A new version is a new set of rows; orders keep the version they were classified with.
create table taxonomy_versions (
  id          serial primary key,
  version     int not null unique,
  name        text not null,
  status      text not null check (status in ('draft','active','retired')),
  valid_from  timestamptz,
  note        text,
  created_by  int references users(id),
  created_at  timestamptz not null default now()
);
create table categories (
  id                    serial primary key,
  taxonomy_version_id   int not null references taxonomy_versions(id),
  code                  text not null,
  level                 int not null check (level between 1 and 3),
  name                  text not null,
  name_en               text,
  parent_code           text,
  default_urgency       text check (default_urgency in ('emergency','utilities','general','complex')),
  default_request_type  text check (default_request_type in ('inquiry','help','complaint','report','suggestion')),
  keywords              text[] not null default '{}',
  active                boolean not null default true,
  unique (taxonomy_version_id, code)
);
create index categories_parent_idx on categories(taxonomy_version_id, parent_code);

-- Duty lists (职责清单) and the other lists a unit works by (综合执法事项清单, 审批服务事项清单), per unit kind, versioned,
-- changed only through draft → submitted → approved.
create table duty_lists (
  id             serial primary key,
  list_kind      text not null check (list_kind in ('duty','enforcement','approval')),
  unit_kind      text not null check (unit_kind in ('street','township','community','department')),
  version        int not null,
  name           text not null,
  status         text not null check (status in ('draft','submitted','active','retired','rejected')),
  valid_from     timestamptz,
  valid_to       timestamptz,
  created_by     int references users(id),
  created_at     timestamptz not null default now(),
  submitted_by   int references users(id),
  submitted_at   timestamptz,
  decided_by     int references users(id),
  decided_at     timestamptz,
  decision_note  text,
  unique (list_kind, unit_kind, version)
);
create unique index duty_lists_one_active_idx on duty_lists(list_kind, unit_kind) where status = 'active';
create table duty_items (
  id                    serial primary key,
  list_id               int not null references duty_lists(id),
  code                  text not null,
  block                 text not null,
  text                  text not null,
  legal_basis           text,
  role                  text not null check (role in ('lead','coordinate','assist')),
  lead_department_code  text,
  category_codes        text[] not null default '{}',
  unique (list_id, code)
);
create index duty_items_list_idx on duty_items(list_id);
create table duty_list_events (
  id         bigserial primary key,
  list_id    int not null references duty_lists(id),
  type       text not null,
  actor_id   int references users(id),
  at         timestamptz not null,
  data       jsonb not null default '{}'
);

-- The dispatch catalogue (派单目录): rules from (category, place, request type, urgency) to the lead unit and co-handlers.
create table dispatch_rules (
  id                   serial primary key,
  name                 text not null,
  priority             int not null default 100,
  category_code        text,
  request_type         text,
  urgency              text,
  place_unit_id        int references units(id),
  target               text not null check (target in ('territorial','unit','district')),
  lead_unit_id         int references units(id),
  co_handler_unit_ids  int[] not null default '{}',
  duty_item_code       text,
  street_co_handles    boolean not null default false,
  valid_from           timestamptz not null,
  valid_to             timestamptz,
  note                 text,
  created_by           int references users(id),
  created_at           timestamptz not null default now()
);
create index dispatch_rules_category_idx on dispatch_rules(category_code);

-- Geography: a bounding box per unit polygon so a point finds its candidates by index, not by scanning every polygon.
alter table units add column min_lon double precision, add column min_lat double precision,
                  add column max_lon double precision, add column max_lat double precision;
create index units_bbox_idx on units(kind, min_lon, max_lon, min_lat, max_lat);

-- The gazetteer: road, building and place names an agent types, each placed in a grid.
create table gazetteer (
  id        serial primary key,
  name      text not null,
  kind      text not null check (kind in ('road','building','place','community','poi')),
  aliases   text[] not null default '{}',
  unit_id   int references units(id),
  lon       double precision not null,
  lat       double precision not null
);
create index gazetteer_name_trgm_idx on gazetteer using gin (name gin_trgm_ops);

-- Classifier models: each training stores a version; one per task is active.
create table classifier_models (
  id          serial primary key,
  task        text not null check (task in ('category','request_type','urgency')),
  version     int not null,
  trained_at  timestamptz not null,
  source      text not null,
  n           int not null,
  metrics     jsonb not null default '{}',
  model       jsonb not null,
  active      boolean not null default false,
  unique (task, version)
);
create unique index classifier_models_active_idx on classifier_models(task) where active;

-- What routing proposed for an order, kept with it: which versions, which rule, whether the dispatcher overrode it.
alter table work_orders
  add column taxonomy_version_id int references taxonomy_versions(id),
  add column duty_list_id int references duty_lists(id),
  add column dispatch_rule_id int references dispatch_rules(id),
  add column routing_proposal jsonb,
  add column routing_overridden boolean,
  add column tokens text[];
create index work_orders_grid_time_idx on work_orders(grid_id, received_at desc);
create index work_orders_street_time_idx on work_orders(street_id, received_at desc);
