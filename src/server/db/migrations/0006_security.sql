-- Security: unambiguous SLA versions, the installation's own key, idle sessions, the security log.

-- Two SLA versions in force at one moment would leave policyAt() to pick one: refused by the database itself.
alter table sla_policies add constraint sla_policies_no_overlap exclude using gist (tstzrange(valid_from, valid_to) with &&);

-- Random per installation, made on first use: tracking secrets are derived from it, so none is stored.
create table installation_keys (
  name        text primary key,
  key         bytea not null,
  created_at  timestamptz not null default now()
);

-- The idle timeout needs the last time a session was used (refreshed at most once a minute).
alter table sessions add column last_seen_at timestamptz;
update sessions set last_seen_at = created_at;

-- Logins, failed and throttled logins, password resets, accounts and role grants: who, when, from where. Never a secret.
create table security_events (
  id               bigserial primary key,
  at               timestamptz not null,
  type             text not null,
  actor_id         int references users(id) on delete set null,
  username         text,
  subject_user_id  int references users(id) on delete set null,
  ip               text,
  data             jsonb not null default '{}'
);
create index security_events_at_idx on security_events(at desc);
create index security_events_type_idx on security_events(type, at desc);
