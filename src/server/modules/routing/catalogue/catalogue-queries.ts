import type { Queryable } from '../../../db/client.ts';
import { notFound } from '../../../lib/errors.ts';

export type RuleStatus = 'current' | 'future' | 'expired' | 'all';

const SELECT = `select r.*, lu.code as lead_unit_code, lu.name as lead_unit_name, pu.code as place_unit_code, pu.name as place_unit_name,
       case when r.valid_from > $1 then 'future' when r.valid_to is not null and r.valid_to <= $1 then 'expired' else 'current' end as state
  from dispatch_rules r left join units lu on lu.id = r.lead_unit_id left join units pu on pu.id = r.place_unit_id`;

/**
 * Rules by validity at `now`. With categoryCode: the rules that touch that branch, both the ones
 * above it (which cover it) and the ones below it (which carve exceptions out of it).
 */
export async function listRules(q: Queryable, now: Date, f: { status?: RuleStatus; categoryCode?: string } = {}) {
  const where: string[] = [];
  const params: unknown[] = [now];
  const status = f.status ?? 'current';
  if (status === 'current') where.push('r.valid_from <= $1 and (r.valid_to is null or r.valid_to > $1)');
  if (status === 'future') where.push('r.valid_from > $1');
  if (status === 'expired') where.push('r.valid_to is not null and r.valid_to <= $1');
  if (f.categoryCode) {
    params.push(f.categoryCode);
    where.push(`(r.category_code is null or r.category_code = $2 or r.category_code like $2 || '.%' or $2 like r.category_code || '.%')`);
  }
  return (await q.query(`${SELECT} ${where.length ? `where ${where.join(' and ')}` : ''} order by r.category_code nulls first, r.priority desc, r.id`, params)).rows;
}

export async function getRule(q: Queryable, id: number, now: Date) {
  const r = (await q.query(`${SELECT} where r.id = $2`, [now, id])).rows[0];
  if (!r) throw notFound('dispatch rule', id);
  const co = (await q.query('select id, code, name, kind from units where id = any($1::int[]) order by id', [(r as { co_handler_unit_ids: number[] }).co_handler_unit_ids])).rows;
  return { ...r, co_handlers: co };
}
