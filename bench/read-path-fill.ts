import type { Db } from '../src/server/db/client.ts';
import { rebuildVisibility } from '../src/server/modules/work-orders/work-order-access.ts';

/**
 * Fills work_orders with a year of plausible history in SQL alone (insert … select over
 * generate_series), fast enough for millions of rows: places spread over every street,
 * most orders closed, recent ones still open, leads split between streets and departments, a few
 * overdue; words drawn from a vocabulary so searches have realistic hit rates. Deterministic.
 */
export const WORDS = [
  '占道经营', '占道', '经营', '噪音', '扰民', '垃圾', '清运', '供暖', '暖气', '不热', '漏水', '停水', '路灯', '不亮', '违建', '油烟',
  '停车', '井盖', '破损', '积水', '施工', '物业', '电梯', '故障', '小区', '绿化', '树木', '宠物', '燃气', '异味', '广告', '摊贩',
  '胡同', '排水', '下水道', '堵塞', '拆除', '围挡', '快递', '共享单车',
];

export async function fillOrders(db: Db, total: number, log: (s: string) => void, chunk = 100_000): Promise<void> {
  const have = (await db.query<{ n: number }>('select coalesce(max(id), 0)::int as n from work_orders')).rows[0].n;
  if (have >= total) return;
  const agent = (await db.query<{ id: number }>(`select id from users where username = 'agent'`)).rows[0]?.id ?? null;
  for (let from = have + 1; from <= total; from += chunk) {
    const to = Math.min(total, from + chunk - 1);
    const t0 = Date.now();
    await db.transaction(async (tx) => {
      await tx.query(FILL_SQL, [from, to, total, WORDS, agent]);
      await tx.query(ASSIGN_SQL, [from, to]);
      await tx.query(EVENTS_SQL, [from, to]);
      await rebuildVisibility(tx, { orderIdFrom: from, orderIdTo: to });
    });
    log(`  orders ${from}–${to} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  await db.query(`select setval('work_order_code_seq', $1)`, [total]);
  // VACUUM sets the visibility map, so the visibility index is read index-only from the start.
  await db.query('vacuum analyze');
}

// r(k): a uniform number in [0,1) from the order number and a salt, so the fill is the same every run.
const R = (k: number) => `((hashint8(i * 16 + ${k}) & 2147483647)::float8 / 2147483648.0)`;

/**
 * Orders $1..$2 of a history of $3 ($4 the words, $5 the creator). Names are unqualified, so a
 * caller may fill another schema's copy of work_orders by its search_path.
 */
export const FILL_SQL = `
with s as (select array_agg(id order by id) as ids, array_agg(name order by id) as names, array_agg(district_id order by id) as ds
           from units where kind in ('street','township') and active),
     dep as (select array_agg(id order by id) as ids from units where kind in ('department','enterprise') and active),
     base as (
       select i, ${R(1)} as r_place, ${R(10)} as r_dept, ${R(2)} as r_status, ${R(3)} as r_lead, ${R(4)} as r_over, ${R(5)} as r_time,
              ((hashint8(i * 16 + 6) & 2147483647) % array_length($4::text[], 1)) + 1 as w1,
              ((hashint8(i * 16 + 7) & 2147483647) % array_length($4::text[], 1)) + 1 as w2,
              ((hashint8(i * 16 + 8) & 2147483647) % array_length($4::text[], 1)) + 1 as w3,
              -- older ids are older orders; the last 3 % are the last eleven days, where open orders live
              now() - interval '365 days' * (1 - i::float8 / $3) - interval '1 hour' * ${R(9)} as at
       from generate_series($1::bigint, $2::bigint) as i),
     o as (
       select b.*, s.ids[1 + floor(b.r_place * array_length(s.ids, 1))::int] as street_id,
              s.names[1 + floor(b.r_place * array_length(s.ids, 1))::int] as street_name,
              s.ds[1 + floor(b.r_place * array_length(s.ids, 1))::int] as district_id,
              case when b.i > $3 * 0.97 then
                case when b.r_status < 0.40 then 'closed' when b.r_status < 0.48 then 'received' when b.r_status < 0.58 then 'dispatched'
                     when b.r_status < 0.64 then 'signed' when b.r_status < 0.84 then 'in_progress' when b.r_status < 0.92 then 'awaiting_callback'
                     when b.r_status < 0.96 then 'called_back' when b.r_status < 0.98 then 'disputed' else 'escalated' end
              else
                case when b.r_status < 0.88 then 'closed' when b.r_status < 0.94 then 'answered' when b.r_status < 0.97 then 'not_dispatched' else 'merged' end
              end as status,
              dep.ids[1 + floor(b.r_dept * array_length(dep.ids, 1))::int] as dept_id
       from base b, s, dep)
insert into work_orders(code, status, channel, request_type, title, text, urgency, category, district_id, street_id, grid_id,
  address, requester_name, requester_phone, lead_unit_id, received_at, dispatched_at, closed_at,
  due_dispatch_at, due_sign_at, due_contact_at, due_feedback_at, overdue_stages, created_by, updated_at, tokens)
select 'GD' || to_char(o.at at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(o.i::text, greatest(6, length(o.i::text)), '0'),
  o.status, (array['phone','phone','phone','web','app','wechat','grid'])[1 + (o.i % 7)::int],
  (array['complaint','complaint','report','help','inquiry','suggestion'])[1 + (o.i % 6)::int],
  ($4::text[])[o.w1] || ($4::text[])[o.w2] || '问题',
  '反映' || o.street_name || ($4::text[])[o.w1] || '，' || ($4::text[])[o.w2] || ($4::text[])[o.w3] || '，希望尽快处理。',
  (array['general','general','general','utilities','emergency','complex'])[1 + (o.i % 6)::int], null,
  o.district_id, o.street_id,
  null,
  o.street_name || (array['东四','南锣鼓巷','交道口','北新桥','和平里','安定门','朝阳门','崇文门'])[1 + (o.i % 8)::int] || '胡同' || (1 + o.i % 97) || '号',
  '市民' || (o.i % 1000), '13' || lpad((abs(hashint8(o.i)) % 1000000000)::text, 9, '0'),
  case when o.status in ('received','answered','not_dispatched','merged') then null when o.r_lead < 0.6 then o.street_id else o.dept_id end,
  o.at, case when o.status in ('received','answered','not_dispatched','merged') then null else o.at + interval '40 minutes' end,
  case when o.status in ('closed','answered','not_dispatched','merged') then o.at + interval '6 days' end,
  o.at + interval '2 hours', o.at + interval '3 hours', o.at + interval '1 day', o.at + interval '15 days',
  case when o.r_over < 0.04 then '{feedback}'::text[] else '{}'::text[] end,
  $5, o.at, array[($4::text[])[o.w1], ($4::text[])[o.w2], ($4::text[])[o.w3]]
from o order by o.i`;

const ASSIGN_SQL = `
insert into work_order_assignments(order_id, unit_id, role, assigned_at)
select o.id, o.lead_unit_id, 'lead', o.dispatched_at from work_orders o where o.id between $1 and $2 and o.lead_unit_id is not null
union all
select o.id, u.district_id, 'copy', o.dispatched_at from work_orders o join units u on u.id = o.lead_unit_id
where o.id between $1 and $2 and u.kind in ('street','township') and u.district_id is not null`;

const EVENTS_SQL = `
insert into work_order_events(order_id, seq, type, action, at, to_status, data)
select o.id, 1, 'work_order.received', 'intake', o.received_at, 'received', '{}' from work_orders o where o.id between $1 and $2
union all
select o.id, 2, 'work_order.dispatched', 'dispatch', o.dispatched_at, 'dispatched', jsonb_build_object('leadUnitId', o.lead_unit_id)
from work_orders o where o.id between $1 and $2 and o.dispatched_at is not null`;
