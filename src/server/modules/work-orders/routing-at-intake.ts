import type { Queryable } from '../../db/client.ts';
import { referenceValue } from '../../lib/reference-cache.ts';
import { AppError } from '../../lib/errors.ts';
import { resolvePlace, type ResolvedPlace } from '../routing/geo/resolve-place.ts';
import { resolveCategory } from '../routing/taxonomy/taxonomy-queries.ts';
import type { IntakeInput } from './work-order-schemas.ts';

/**
 * The district that takes orders no one can place (北京市接诉即办工作条例: the district government
 * is the default handler). Configurable by code; without configuration, the lowest-coded district.
 */
export async function fallbackDistrictId(q: Queryable): Promise<number> {
  const code = process.env.SHAOBAO_FALLBACK_DISTRICT ?? null;
  return referenceValue(q, 'units:fallback-district', async () => {
    const r = await q.query<{ id: number }>(
      `select id from units where kind = 'district' and active and ($1::text is null or code = $1) order by code limit 1`,
      [code],
    );
    if (!r.rows[0]) throw new Error(code ? `SHAOBAO_FALLBACK_DISTRICT ${code} is not a district` : 'no district in the organisation');
    return r.rows[0].id;
  });
}

export type IntakePlace = ResolvedPlace;

/** text: the request's title and text, read for a place name when the location names none. */
export async function placeOfIntake(q: Queryable, loc: IntakeInput['location'], text?: string[]): Promise<IntakePlace> {
  return resolvePlace(q, { ...loc, text }, await fallbackDistrictId(q));
}

/** A category named at intake must exist in the taxonomy in force; the order keeps that version. */
export async function categoryOfIntake(q: Queryable, code: string | undefined, at: Date): Promise<{ code: string; taxonomyVersionId: number } | null> {
  if (!code) return null;
  try {
    const c = await resolveCategory(q, code, { at });
    return { code: c.code, taxonomyVersionId: c.taxonomyVersionId };
  } catch (e) {
    if (e instanceof AppError && (e.code === 'not_found' || e.code === 'validation_failed')) {
      throw new AppError('validation_failed', `Unknown category ${code} in the taxonomy in force.`, { field: 'category' }, `分类 ${code} 不存在于现行分类目录中。`);
    }
    throw e;
  }
}
