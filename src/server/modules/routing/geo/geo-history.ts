import type { Queryable } from '../../../db/client.ts';
import { changesOf, insertChange, type OrgChange } from '../../org/org-history.ts';

/*
 * The history of gazetteer places and unit boundaries (geo_changes, 0025_geo_reference_admin.sql):
 * the same shape as the organisation's history, so one console component shows both.
 */
export type GeoSubject = 'place' | 'boundary';
export type GeoChange = { kind: GeoSubject; subjectId: number; at: Date; actorId: number | null; action: string; before?: Record<string, unknown>; after?: Record<string, unknown> };

export function recordGeoChange(q: Queryable, c: GeoChange): Promise<void> {
  return insertChange(q, 'geo_changes', c);
}

/** A place's or boundary's changes, newest first, with who made them. */
export function listGeoChanges(q: Queryable, kind: GeoSubject, subjectId: number, f: { before?: number; limit: number }): Promise<OrgChange[]> {
  return changesOf(q, 'geo_changes', kind, subjectId, f);
}
