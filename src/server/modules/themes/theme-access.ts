import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';

/** Citywide hotline roles see every theme and list; everyone else what concerns their units. */
export function isCitywide(actor: Actor): boolean {
  return actor.grants.some((g) => g.role === 'admin' || g.role === 'hotline_supervisor');
}

export function staffUnitIds(actor: Actor): number[] {
  return actor.kind === 'staff' ? actor.grants.filter((g) => g.unitId !== null && g.role !== 'citizen').map((g) => g.unitId!) : [];
}

export function districtIds(actor: Actor): number[] {
  return actor.grants.filter((g) => g.role === 'district_supervisor' && g.unitId !== null).map((g) => g.unitId!);
}

/**
 * Who sees a theme: its district, its lead unit, the units that own one of its tasks, and the
 * citywide hotline supervisors. A SQL condition on alias `t` with its parameters.
 */
export function themeVisibleWhere(actor: Actor | null, params: unknown[]): string {
  if (!actor || actor.kind !== 'staff') return 'false';
  if (isCitywide(actor)) return 'true';
  params.push(districtIds(actor), staffUnitIds(actor));
  const d = `$${params.length - 1}::int[]`;
  const u = `$${params.length}::int[]`;
  return `(t.district_id = any(${d}) or t.lead_unit_id = any(${u})
           or exists (select 1 from theme_tasks vt where vt.theme_id = t.id and vt.owner_unit_id = any(${u})))`;
}

export async function canSeeTheme(q: Queryable, actor: Actor | null, id: number): Promise<boolean> {
  const params: unknown[] = [id];
  const where = themeVisibleWhere(actor, params);
  return (await q.query(`select 1 from monthly_themes t where t.id = $1 and ${where}`, params)).rows.length > 0;
}
