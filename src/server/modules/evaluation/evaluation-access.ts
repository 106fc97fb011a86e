import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import { forbidden, notFound } from '../../lib/errors.ts';
import { isCitywide } from '../work-orders/work-order-access.ts';
import { policyKindOf } from './evaluation-policy.ts';
import type { UnitRow } from './evaluation-tables.ts';

/**
 * Who sees a unit's figures: the unit itself, its district, and the hotline centre (and
 * administrators). Rankings and drill-downs apply the same rule row by row.
 */
export function canSeeUnit(actor: Actor | null, unit: Pick<UnitRow, 'id' | 'district_id'>): boolean {
  if (!actor || actor.kind !== 'staff') return false;
  if (isCitywide(actor)) return true;
  return actor.grants.some(
    (g) => g.unitId !== null && (g.unitId === unit.id || (g.role === 'district_supervisor' && g.unitId === unit.district_id)),
  );
}

export async function loadUnit(q: Queryable, unitId: number): Promise<UnitRow | null> {
  const r = await q.query<UnitRow>('select id, code, name, name_en, kind, path, district_id, population, parent_id from units where id = $1', [unitId]);
  return r.rows[0] ?? null;
}

/** A unit that is evaluated (district, street or township, department, enterprise) and that the actor may see. */
export async function evaluatedUnitFor(q: Queryable, actor: Actor | null, unitId: number): Promise<UnitRow> {
  const unit = await loadUnit(q, unitId);
  if (!unit || !policyKindOf(unit.kind)) throw notFound('unit', unitId);
  if (!canSeeUnit(actor, unit)) {
    throw forbidden('You may not see the evaluation of this unit.', '您无权查看该单位的考评结果。', { unitId });
  }
  return unit;
}

/** Deciding appeals and publishing rankings belongs to the hotline centre's supervisors. */
export function assertSupervisor(actor: Actor | null): void {
  if (!actor?.grants.some((g) => g.role === 'hotline_supervisor' || g.role === 'admin')) {
    throw forbidden('Only the hotline supervisor may do this.', '仅热线值班长可执行此操作。');
  }
}
