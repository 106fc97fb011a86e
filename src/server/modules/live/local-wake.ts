/**
 * Wake-ups inside one process after it committed something the live streams or the notice
 * consumers read. They replace a NOTIFY from the writing transaction: PostgreSQL serialises the
 * commits of every transaction that notifies (one global lock, held through the WAL flush), which
 * capped intake near 300 orders/s on a durable server. Another server process sees the same rows
 * on its next poll, a second or two later.
 */
export type WakeKind = 'events' | 'notifications';
type Listener = (kind: WakeKind) => void;

const listeners = new WeakMap<object, Set<Listener>>();

/** Calls `fn` on each wake-up of the database handle `db`; returns the function that stops it. */
export function onLocalWake(db: object, fn: Listener): () => void {
  let set = listeners.get(db);
  if (!set) listeners.set(db, (set = new Set()));
  set.add(fn);
  return () => set.delete(fn);
}

export function wakeLocal(db: object, kind: WakeKind): void {
  for (const fn of listeners.get(db) ?? []) fn(kind);
}
