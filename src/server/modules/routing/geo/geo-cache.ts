import type { Queryable } from '../../../db/client.ts';
import { invalidateReference, referenceValue } from '../../../lib/reference-cache.ts';

/**
 * Geometry and the gazetteer live in the one reference cache (lib/reference-cache.ts): loaded once,
 * dropped in every server process when someone edits them.
 */
export function cached<T>(q: Queryable, key: string, load: () => Promise<T>): Promise<T> {
  return referenceValue(q, key, load);
}

export function forget(q: Queryable, key: string): Promise<void> {
  return invalidateReference(q, key);
}
