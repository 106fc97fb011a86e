-- 考评, continued: the 七有/五性 livelihood dimensions as a versioned mapping from categories, and
-- policy re-judging in batches with its progress.

-- Each version is the whole mapping: entries [{categoryCode, dimensions}]. An order's category takes
-- the entry of its most specific mapped code (itself, then its ancestors), so a child can narrow or
-- empty what its parent says. The latest version is in force; the earlier ones are the history.
create table evaluation_dimension_maps (
  id          serial primary key,
  version     int not null unique,
  entries     jsonb not null,
  note        text,
  created_by  int references users(id),
  created_at  timestamptz not null default now()
);

-- A policy edit judges every order again, a batch per transaction, from cursor_order_id on.
create table evaluation_rejudge_jobs (
  id               serial primary key,
  reason           text not null,
  status           text not null check (status in ('running','done','superseded')),
  total            int not null,
  done             int not null default 0,
  cursor_order_id  bigint not null default 0,
  started_at       timestamptz not null,
  updated_at       timestamptz not null,
  finished_at      timestamptz
);
create unique index evaluation_rejudge_one_running_idx on evaluation_rejudge_jobs((true)) where status = 'running';

-- The default mapping, read from the seed taxonomy by meaning (codes of seed/reference).
insert into evaluation_dimension_maps(version, entries, note) values (1, '[
  {"categoryCode": "09.08.08", "dimensions": ["childcare", "vulnerable"]},
  {"categoryCode": "12.03", "dimensions": ["childcare"]},
  {"categoryCode": "14", "dimensions": ["education"]},
  {"categoryCode": "14.02.06", "dimensions": ["education", "safety"]},
  {"categoryCode": "14.03", "dimensions": ["education", "fairness"]},
  {"categoryCode": "14.04", "dimensions": ["education", "fairness"]},
  {"categoryCode": "14.05", "dimensions": ["education", "fairness"]},
  {"categoryCode": "14.07", "dimensions": ["education", "vulnerable"]},
  {"categoryCode": "14.08", "dimensions": ["diversity"]},
  {"categoryCode": "14.09", "dimensions": ["diversity"]},
  {"categoryCode": "14.10", "dimensions": ["diversity"]},
  {"categoryCode": "15.02", "dimensions": ["employment"]},
  {"categoryCode": "15.02.01", "dimensions": ["elderly"]},
  {"categoryCode": "15.02.04", "dimensions": ["medical"]},
  {"categoryCode": "15.03", "dimensions": ["employment", "fairness"]},
  {"categoryCode": "15.03.05", "dimensions": ["housing"]},
  {"categoryCode": "15.04", "dimensions": ["employment"]},
  {"categoryCode": "15.05", "dimensions": ["employment", "safety"]},
  {"categoryCode": "15.06", "dimensions": ["employment", "fairness"]},
  {"categoryCode": "15.01.02", "dimensions": ["medical"]},
  {"categoryCode": "15.01.03", "dimensions": ["elderly"]},
  {"categoryCode": "15.01.04", "dimensions": ["medical"]},
  {"categoryCode": "15.09", "dimensions": ["elderly"]},
  {"categoryCode": "09.08.06", "dimensions": ["elderly"]},
  {"categoryCode": "12", "dimensions": ["medical"]},
  {"categoryCode": "12.01", "dimensions": ["medical", "livability"]},
  {"categoryCode": "12.01.04", "dimensions": ["livability"]},
  {"categoryCode": "12.04", "dimensions": ["medical", "safety"]},
  {"categoryCode": "09.09.04", "dimensions": ["medical", "vulnerable"]},
  {"categoryCode": "01.06", "dimensions": ["housing", "fairness"]},
  {"categoryCode": "01.07", "dimensions": ["housing", "fairness"]},
  {"categoryCode": "01.10", "dimensions": ["housing"]},
  {"categoryCode": "01.10.03", "dimensions": ["housing", "livability"]},
  {"categoryCode": "01.10.17", "dimensions": ["housing", "safety"]},
  {"categoryCode": "01.10.18", "dimensions": ["housing", "livability"]},
  {"categoryCode": "09.01", "dimensions": ["vulnerable"]},
  {"categoryCode": "09.08.04", "dimensions": ["vulnerable"]},
  {"categoryCode": "09.08.07", "dimensions": ["vulnerable"]},
  {"categoryCode": "09.09", "dimensions": ["vulnerable"]},
  {"categoryCode": "09.10", "dimensions": ["vulnerable"]},
  {"categoryCode": "16", "dimensions": ["convenience"]},
  {"categoryCode": "16.04.01", "dimensions": ["convenience", "safety"]},
  {"categoryCode": "06", "dimensions": ["convenience"]},
  {"categoryCode": "06.04.05", "dimensions": ["convenience", "safety"]},
  {"categoryCode": "08.01", "dimensions": ["convenience"]},
  {"categoryCode": "13.04", "dimensions": ["convenience"]},
  {"categoryCode": "01.02.19", "dimensions": ["convenience"]},
  {"categoryCode": "01.02.24", "dimensions": ["convenience"]},
  {"categoryCode": "11.03", "dimensions": ["convenience", "diversity"]},
  {"categoryCode": "11.01", "dimensions": ["diversity"]},
  {"categoryCode": "04", "dimensions": ["livability"]},
  {"categoryCode": "01.02", "dimensions": ["livability"]},
  {"categoryCode": "01.02.23", "dimensions": ["livability", "safety"]},
  {"categoryCode": "05", "dimensions": ["fairness"]},
  {"categoryCode": "11.04.11", "dimensions": ["fairness"]},
  {"categoryCode": "13.01", "dimensions": ["fairness"]},
  {"categoryCode": "13.03", "dimensions": ["fairness"]},
  {"categoryCode": "13.09", "dimensions": ["fairness"]},
  {"categoryCode": "13.12", "dimensions": ["fairness"]},
  {"categoryCode": "01.01", "dimensions": ["safety"]},
  {"categoryCode": "07.01", "dimensions": ["safety"]},
  {"categoryCode": "13.05", "dimensions": ["safety", "convenience"]},
  {"categoryCode": "13.08", "dimensions": ["safety"]},
  {"categoryCode": "17", "dimensions": ["safety"]}
]'::jsonb, '默认映射：按分类含义划入七有、五性 / default mapping by category meaning');
