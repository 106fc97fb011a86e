import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import { invalidateReference, referenceValue } from '../../lib/reference-cache.ts';
import type { IntakeInput } from './work-order-schemas.ts';

export type ResolvedLocation = { districtId: number | null; streetId: number | null; communityId: number | null; gridId: number | null };

type IndexedUnit = { id: number; kind: string; path: string; active: boolean };

/*
 * The administrative tree is read on every intake but changes only when the organisation does, so
 * it is held in the reference cache (a city of 50,000 grids is a few MB) under 'units'; whoever
 * changes the organisation invalidates 'units', which drops this and everything under 'units:'.
 */
function unitIndex(q: Queryable): Promise<Map<number, IndexedUnit>> {
  return referenceValue(q, 'units', async () => new Map((await q.query<IndexedUnit>('select id, kind, path, active from units')).rows.map((u) => [u.id, u])));
}

export function forgetUnitIndex(q: Queryable): Promise<void> {
  return invalidateReference(q, 'units');
}

const LEVELS = [
  ['gridId', 'grid'],
  ['communityId', 'community'],
  ['streetId', 'street'],
  ['districtId', 'district'],
] as const;

/**
 * Fills in the administrative chain from the finest unit given (grid → community → street →
 * district) and refuses ids that are unknown, of the wrong kind or that contradict each other.
 */
export async function resolveLocation(q: Queryable, loc: IntakeInput['location']): Promise<ResolvedLocation> {
  const out: ResolvedLocation = { districtId: null, streetId: null, communityId: null, gridId: null };
  const given = LEVELS.filter(([key]) => loc[key] !== undefined);
  if (!given.length) return out;
  const units = await unitIndex(q);
  const rows = given.map(([key]) => units.get(loc[key] as number)).filter((u): u is IndexedUnit => !!u && u.active);
  const ids = given.map(([key]) => loc[key] as number);
  for (const [key, kind] of given) {
    const row = rows.find((r) => r.id === loc[key]);
    const kindOk = row && (row.kind === kind || (kind === 'street' && row.kind === 'township'));
    if (!kindOk) {
      throw new AppError('validation_failed', `location.${key} ${loc[key]} is not a ${kind}.`, { field: `location.${key}` }, `位置信息有误：${loc[key]} 不是有效的${kind}。`);
    }
  }
  const finest = rows.find((r) => r.id === ids[0])!;
  const chain = finest.path.split('/').filter(Boolean).map((id) => units.get(Number(id))!);
  for (const u of chain) {
    if (u.kind === 'grid') out.gridId = u.id;
    if (u.kind === 'community') out.communityId = u.id;
    if (u.kind === 'street' || u.kind === 'township') out.streetId = u.id;
    if (u.kind === 'district') out.districtId = u.id;
  }
  for (const [key] of given) {
    if (out[key] !== loc[key]) {
      throw new AppError('validation_failed', `location.${key} does not contain the finer unit given.`, { field: `location.${key}` }, '所填区、街乡、社区、网格互不隶属。');
    }
  }
  return out;
}
