import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import type { WhistleRow } from './whistle-tables.ts';

/**
 * Who sees a whistle: its street (and the communities in it), the summoned units, its district,
 * and the citywide hotline supervisors and administrators.
 * Returns a SQL condition on alias `w` with its parameters, for lists; `canSeeWhistle` for one row.
 */
export function visibleWhere(actor: Actor, firstParam: number): { sql: string; params: unknown[] } {
  if (actor.grants.some((g) => g.role === 'admin' || g.role === 'hotline_supervisor')) return { sql: 'true', params: [] };
  const streetUnits = actor.grants.filter((g) => g.role === 'street_staff').flatMap((g) => pathIds(g.unitPath));
  const districts = actor.grants.filter((g) => g.role === 'district_supervisor' && g.unitId !== null).map((g) => g.unitId!);
  const units = actor.grants.filter((g) => g.unitId !== null && g.role !== 'citizen').map((g) => g.unitId!);
  const p = firstParam;
  return {
    sql: `(w.street_id = any($${p}::int[]) or w.district_id = any($${p + 1}::int[])
           or exists (select 1 from whistle_summons vs where vs.whistle_id = w.id and vs.unit_id = any($${p + 2}::int[])))`,
    params: [streetUnits, districts, units],
  };
}

/** A street staff grant in a community covers the community's street: the ids on its path. */
function pathIds(path: string | null): number[] {
  return (path ?? '').split('/').filter(Boolean).map(Number);
}

export async function canSeeWhistle(q: Queryable, actor: Actor | null, w: Pick<WhistleRow, 'id'>): Promise<boolean> {
  if (!actor || actor.kind !== 'staff') return false;
  const v = visibleWhere(actor, 2);
  const r = await q.query(`select 1 from whistles w where w.id = $1 and ${v.sql}`, [w.id, ...v.params]);
  return r.rows.length > 0;
}
