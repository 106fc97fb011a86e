import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import { notFound } from '../../lib/errors.ts';
import { isCitywide } from '../work-orders/work-order-access.ts';

/** Which territory the board shows, and by which smaller units its map and ranking are cut. */
export type BoardScope = {
  kind: 'all' | 'district' | 'street';
  unitId: number | null;
  name: string | null;
  /** The column of work_orders that names the area, and the unit kind the map draws. */
  areaColumn: 'street_id' | 'community_id';
  areaKind: 'street' | 'community';
  /** The parent the map's polygons are fetched under (GET /api/geo/features?parentId=). */
  areaParentId: number | null;
};

type UnitRow = { id: number; name: string; kind: string; parent_id: number | null };

/**
 * A street's staff see their street cut by community; a district supervisor the district by
 * street, and may open one street; the centre sees every street. Counts are always limited by
 * the work-order visibility rule as well: the scope only chooses the cut.
 */
export async function boardScope(q: Queryable, actor: Actor, streetId: number | undefined): Promise<BoardScope> {
  const grant = (role: string) => actor.grants.find((g) => g.role === role && g.unitId !== null);
  if (streetId !== undefined) {
    const u = (await q.query<UnitRow>(`select id, name, kind, parent_id from units where id = $1 and kind in ('street','township')`, [streetId])).rows[0];
    if (!u) throw notFound('unit', streetId);
    return street(u);
  }
  if (!isCitywide(actor)) {
    const d = grant('district_supervisor');
    if (d) {
      const u = (await q.query<UnitRow>('select id, name, kind, parent_id from units where id = $1', [d.unitId])).rows[0];
      return { kind: 'district', unitId: u.id, name: u.name, areaColumn: 'street_id', areaKind: 'street', areaParentId: u.id };
    }
    const s = grant('street_staff');
    if (s) {
      const u = (await q.query<UnitRow>('select id, name, kind, parent_id from units where id = $1', [s.unitId])).rows[0];
      if (u && (u.kind === 'street' || u.kind === 'township')) return street(u);
    }
  }
  return { kind: 'all', unitId: null, name: null, areaColumn: 'street_id', areaKind: 'street', areaParentId: null };
}

function street(u: UnitRow): BoardScope {
  return { kind: 'street', unitId: u.id, name: u.name, areaColumn: 'community_id', areaKind: 'community', areaParentId: u.id };
}
