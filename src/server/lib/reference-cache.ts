import type { Db, Queryable } from '../db/client.ts';
import type { Logger } from './ctx.ts';

/*
 * The one memo of reference data (the routing snapshot, SLA policies and calendars, the unit tree,
 * geometry, the gazetteer…): a few thousand rows that change a few times a year and are read on
 * every intake. Values live in the database handle's Map (shared by the handle and its
 * transactions) under named keys, and there is one way to drop them: invalidateReference().
 * It drops the keys here and sends NOTIFY on REFERENCE_CHANNEL, which every server process LISTENs
 * to (startReferenceListener), so an edit made through any process is seen by the next request
 * everywhere, rather than after each module's own TTL. A listener that lost its connection drops
 * everything when it is back (it may have missed a notification). BACKSTOP_MS only bounds how stale
 * a process without a listener (a CLI command, a test) can get.
 */
export const REFERENCE_CHANNEL = 'shaobao_reference';
const BACKSTOP_MS = 5 * 60_000;
const PREFIX = 'ref:';
const ALL = '*';

type Entry<T> = { value: Promise<T>; at: number };

/** The value under `key`, loaded once by whoever asks first (concurrent callers share the load); a failed load is not kept. */
export function referenceValue<T>(q: Queryable, key: string, load: () => Promise<T>): Promise<T> {
  const k = PREFIX + key;
  const hit = q.cache.get(k) as Entry<T> | undefined;
  if (hit && performance.now() - hit.at < BACKSTOP_MS) return hit.value;
  const entry: Entry<T> = { value: load(), at: performance.now() };
  q.cache.set(k, entry);
  entry.value.catch(() => {
    if (q.cache.get(k) === entry) q.cache.delete(k);
  });
  return entry.value;
}

function dropLocal(cache: Map<string, unknown>, keys: string[]): void {
  for (const k of [...cache.keys()]) {
    if (!k.startsWith(PREFIX)) continue;
    const name = k.slice(PREFIX.length);
    // a key names itself and everything under it: 'calendar' drops 'calendar:CN'
    if (keys.some((x) => x === ALL || name === x || name.startsWith(`${x}:`))) cache.delete(k);
  }
}

/** Drops keys in this process only: for a reader that found the cache behind the database (another process's edit in flight). */
export function dropReferenceHere(q: Queryable, ...keys: string[]): void {
  dropLocal(q.cache, keys);
}

/**
 * Call after the change committed. Drops the keys in this process at once and tells the others.
 * A notification that cannot be sent (the database just went away) is not an error for the edit,
 * which committed: the other processes' listeners drop everything when they reconnect.
 */
export async function invalidateReference(q: Queryable, ...keys: string[]): Promise<void> {
  dropLocal(q.cache, keys);
  await q.query('select pg_notify($1, $2)', [REFERENCE_CHANNEL, keys.join(',')]).catch(() => undefined);
}

/** LISTENs for other processes' invalidations; returns the stop function. Without LISTEN support, the backstop applies. */
export async function startReferenceListener(db: Db, log: Logger): Promise<() => Promise<void>> {
  if (!db.listen) return async () => undefined;
  try {
    return await db.listen(REFERENCE_CHANNEL, (payload) => dropLocal(db.cache, payload ? payload.split(',') : [ALL]));
  } catch (e) {
    log.warn('reference cache: listen failed, edits from other processes show within the backstop', { error: String(e), backstopMs: BACKSTOP_MS });
    return async () => undefined;
  }
}
