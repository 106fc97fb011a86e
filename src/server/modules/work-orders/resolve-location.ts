import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import type { IntakeInput } from './work-order-schemas.ts';

export type ResolvedLocation = { districtId: number | null; streetId: number | null; communityId: number | null; gridId: number | null };

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
  const ids = given.map(([key]) => loc[key] as number);
  // The given units and, for the finest, its ancestors (from its materialised path) in one query.
  const rows = (
    await q.query<{ id: number; kind: string; chain: { id: number; kind: string }[] }>(
      `select u.id, u.kind,
         (select json_agg(json_build_object('id', c.id, 'kind', c.kind)) from units c
           where c.id = any(string_to_array(trim(both '/' from u.path), '/')::int[])) as chain
       from units u where u.id = any($1::int[])`,
      [ids],
    )
  ).rows;
  for (const [key, kind] of given) {
    const row = rows.find((r) => r.id === loc[key]);
    const kindOk = row && (row.kind === kind || (kind === 'street' && row.kind === 'township'));
    if (!kindOk) {
      throw new AppError('validation_failed', `location.${key} ${loc[key]} is not a ${kind}.`, { field: `location.${key}` }, `位置信息有误：${loc[key]} 不是有效的${kind}。`);
    }
  }
  const finest = rows.find((r) => r.id === ids[0])!;
  for (const u of finest.chain) {
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
