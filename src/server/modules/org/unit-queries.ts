import type { Queryable } from '../../db/client.ts';

export type UnitView = { id: number; code: string; name: string; kind: string; parent_id: number | null; active: boolean; version: number; [k: string]: string | number | null | unknown };

const COLS = 'id, code, name, name_en, short_name, phone, kind, parent_id, district_id, tier, population, area_km2, centroid_lon, centroid_lat, active, version';

export async function listUnits(q: Queryable, f: { kind?: string; parentId?: number; q?: string; limit: number; includeInactive?: boolean }) {
  const params: unknown[] = [];
  const where: string[] = [f.includeInactive ? 'true' : 'active'];
  if (f.kind) {
    params.push(f.kind.split(','));
    where.push(`kind = any($${params.length}::text[])`);
  }
  if (f.parentId) {
    params.push(f.parentId);
    where.push(`parent_id = $${params.length}`);
  }
  if (f.q) {
    params.push(`%${f.q}%`);
    where.push(`name ilike $${params.length}`);
  }
  params.push(f.limit);
  return (await q.query<UnitView>(`select ${COLS} from units where ${where.join(' and ')} order by kind, code limit $${params.length}`, params)).rows;
}

export async function getUnit(q: Queryable, id: number) {
  const u = (await q.query<UnitView & { path: string }>(`select ${COLS}, path from units where id = $1`, [id])).rows[0];
  if (!u) return null;
  const chainIds = u.path.split('/').filter(Boolean).map(Number);
  const chain = (await q.query<{ id: number; name: string; kind: string }>('select id, name, kind from units where id = any($1::int[]) order by length(path)', [chainIds])).rows;
  return { ...u, chain };
}

/** Unit names by id, for presenting ids another table holds. */
export async function unitNames(q: Queryable, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const r = await q.query<{ id: number; name: string }>('select id::int as id, name from units where id = any($1::int8[])', [ids]);
  return new Map(r.rows.map((u) => [u.id, u.name]));
}
