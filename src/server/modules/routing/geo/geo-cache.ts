import type { Queryable } from '../../../db/client.ts';

/**
 * Reference data held in q.cache (one Map per database, shared by the handle and its transactions),
 * reloaded in the background once it is older than ttlMs. Why a TTL on top of explicit
 * invalidation: with several server processes on one PostgreSQL, an edit made through one process
 * must reach the others without a restart; meanwhile requests keep using the previous copy, so no
 * request pays for the reload. The promise is stored so concurrent first callers load once.
 */
type Entry<T> = { value: Promise<T>; loadedAt: number; refreshing: boolean };

export const REFRESH_AFTER_MS = 60_000;

export function cached<T>(q: Queryable, key: string, load: () => Promise<T>, ttlMs = REFRESH_AFTER_MS): Promise<T> {
  const hit = q.cache.get(key) as Entry<T> | undefined;
  const now = performance.now();
  if (hit) {
    // Only through a database handle: a transaction's connection may be back in the pool by the time
    // a background query would run on it.
    const isDb = typeof (q as { transaction?: unknown }).transaction === 'function';
    if (isDb && !hit.refreshing && now - hit.loadedAt > ttlMs) {
      hit.refreshing = true;
      load().then(
        (v) => {
          if (q.cache.get(key) === hit) q.cache.set(key, { value: Promise.resolve(v), loadedAt: performance.now(), refreshing: false });
        },
        () => {
          hit.refreshing = false; // keep serving the old copy; try again on a later call
          hit.loadedAt = performance.now();
        },
      );
    }
    return hit.value;
  }
  const entry: Entry<T> = { value: load(), loadedAt: now, refreshing: false };
  q.cache.set(key, entry);
  entry.value.catch(() => {
    if (q.cache.get(key) === entry) q.cache.delete(key);
  });
  return entry.value;
}

export function forget(q: Queryable, key: string): void {
  q.cache.delete(key);
}
