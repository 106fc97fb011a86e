import type { Queryable } from '../../../db/client.ts';
import { notFound } from '../../../lib/errors.ts';

export type RoleShares = { total: number; lead: number; coordinate: number; assist: number; leadPct: number; coordinatePct: number; assistPct: number };

/** Role counts and shares in percent (one decimal), as published lists state them (e.g. 24.1% / 34.5% / 41.4%). */
export function roleShares(roles: string[]): RoleShares {
  const n = roles.length;
  const count = (r: string) => roles.filter((x) => x === r).length;
  const pct = (k: number) => (n ? Math.round((1000 * k) / n) / 10 : 0);
  const [lead, coordinate, assist] = [count('lead'), count('coordinate'), count('assist')];
  return { total: n, lead, coordinate, assist, leadPct: pct(lead), coordinatePct: pct(coordinate), assistPct: pct(assist) };
}

const LIST_COLS = `l.id, l.list_kind, l.unit_kind, l.scope_unit_id, (select s.name from units s where s.id = l.scope_unit_id) as scope_unit_name, l.version, l.name, l.status, l.valid_from, l.valid_to, l.created_by, l.created_at,
  l.submitted_by, l.submitted_at, l.decided_by, l.decided_at, l.decision_note`;

export async function listDutyLists(q: Queryable, f: { listKind?: string; unitKind?: string; status?: string; scopeUnitId?: number | 'city' } = {}) {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const [col, v] of [['list_kind', f.listKind], ['unit_kind', f.unitKind], ['status', f.status]] as const) {
    if (v === undefined) continue;
    params.push(v);
    where.push(`l.${col} = $${params.length}`);
  }
  if (f.scopeUnitId === 'city') where.push('l.scope_unit_id is null');
  else if (f.scopeUnitId !== undefined) {
    params.push(f.scopeUnitId);
    where.push(`l.scope_unit_id = $${params.length}`);
  }
  return (await q.query(
    `select ${LIST_COLS}, (select count(*)::int from duty_items i where i.list_id = l.id) as items
       from duty_lists l ${where.length ? `where ${where.join(' and ')}` : ''}
      order by l.list_kind, l.unit_kind, l.scope_unit_id nulls first, l.version desc`,
    params,
  )).rows;
}

export async function getDutyList(q: Queryable, id: number) {
  const list = (await q.query(`select ${LIST_COLS} from duty_lists l where l.id = $1`, [id])).rows[0];
  if (!list) throw notFound('duty list', id);
  const rows = (await q.query<{ role: string; block: string }>(
    `select i.code, i.block, i.text, i.legal_basis, i.role, i.lead_department_code, u.name as lead_department_name, i.category_codes
       from duty_items i left join units u on u.code = i.lead_department_code
      where i.list_id = $1 order by i.id`,
    [id],
  )).rows;
  // blocks in the order the list was written (seed files, then copies keep it), items added later at the end of their block
  const order = [...new Set(rows.map((i) => i.block))];
  const items = order.flatMap((b) => rows.filter((i) => i.block === b));
  const blocks = order.map((b) => ({ block: b, ...roleShares(items.filter((i) => i.block === b).map((i) => i.role)) }));
  return { ...list, shares: roleShares(items.map((i) => i.role)), blocks, items };
}

/** The procedure history of a list: who did what when, with item edits before and after. */
export async function listDutyListEvents(q: Queryable, id: number) {
  const exists = (await q.query('select 1 from duty_lists where id = $1', [id])).rows.length;
  if (!exists) throw notFound('duty list', id);
  return (await q.query(
    `select e.id, e.type, e.at, e.data, e.actor_id, u.username as actor_username, u.display_name as actor_name
       from duty_list_events e left join users u on u.id = e.actor_id
      where e.list_id = $1 order by e.id`,
    [id],
  )).rows;
}
