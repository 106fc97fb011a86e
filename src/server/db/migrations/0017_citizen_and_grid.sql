-- Citizens sign in by phone with a one-time code; grid members verify finished orders on site.

-- Only a hash of each code is kept (HMAC with the installation's key), for a few minutes; a code is
-- used once, and a few wrong tries void it.
create table citizen_sign_in_codes (
  id          bigserial primary key,
  phone       text not null,
  code_hash   text not null,
  created_at  timestamptz not null,
  expires_at  timestamptz not null,
  attempts    int not null default 0,
  used_at     timestamptz
);
create index citizen_sign_in_codes_phone_idx on citizen_sign_in_codes(phone, id desc);

-- How a callback was taken: by the hotline on the phone, or answered by the requester online.
-- Both count the same in evaluation (it reads work_order.called_back events and these rows).
alter table callbacks add column channel text not null default 'phone' check (channel in ('phone', 'online'));

-- 核查: a grid member checks on site that what was reported finished is fixed.
create table work_order_verifications (
  id           bigserial primary key,
  order_id     bigint not null references work_orders(id),
  outcome      text not null check (outcome in ('confirmed', 'not_fixed')),
  note         text,
  lon          double precision,
  lat          double precision,
  verifier_id  int references users(id),
  at           timestamptz not null
);
create index work_order_verifications_order_idx on work_order_verifications(order_id);

-- The last on-site confirmation; the close guard compares it with the latest feedback.
alter table work_orders add column verified_at timestamptz;

-- Requesters with an account hear of their request's progress; the past is not announced.
insert into event_consumers(name, last_id) select 'requester-notices', coalesce(max(id), 0) from work_order_events;
