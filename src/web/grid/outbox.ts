import { api, ApiError } from '../shared/api.ts';
import type { IntakeResult } from '../shared/types.ts';

/*
 * Reports wait here, in IndexedDB, until the server has them: written before the first try, so a
 * report made without network (or a tab closed mid-send) is never lost, and removed only when
 * the server answered with the order. Every try of one report carries the same Idempotency-Key,
 * so a try whose answer was lost and the retry after it make one order, never two.
 */
export type Queued = { key: string; body: Record<string, unknown>; title: string; createdAt: number; failed: string | null };

const DB = 'shaobao-grid';
const STORE = 'outbox';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE, { keyPath: 'key' });
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

async function store<T>(mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

type Listener = (e: { sent: { key: string; code: string; title: string }[]; waiting: Queued[] }) => void;
const listeners = new Set<Listener>();
export function onOutbox(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export async function listOutbox(): Promise<Queued[]> {
  const all = await store<Queued[]>('readonly', (s) => s.getAll() as IDBRequest<Queued[]>);
  return all.sort((a, b) => a.createdAt - b.createdAt);
}

export async function enqueue(key: string, title: string, body: Record<string, unknown>, now = Date.now()): Promise<void> {
  await store('readwrite', (s) => s.put({ key, body, title, createdAt: now, failed: null } satisfies Queued));
}

export async function discard(key: string): Promise<void> {
  await store('readwrite', (s) => s.delete(key));
  listeners.forEach((l) => void listOutbox().then((waiting) => l({ sent: [], waiting })));
}

let running: Promise<void> | null = null;

/**
 * Sends what waits, oldest first, one at a time; stops at the first network failure (the rest
 * waits for the next chance). A refusal (4xx) is kept with its message for the member to see.
 * Runs never overlap: a call during a run returns that run.
 */
export function flush(): Promise<void> {
  if (!running) running = send().finally(() => (running = null));
  return running;
}

async function send(): Promise<void> {
  const sent: { key: string; code: string; title: string }[] = [];
  const queued = await listOutbox();
  // nothing to send: no request, and no news for the listeners
  if (!queued.some((q) => !q.failed)) return;
  for (const q of queued) {
    if (q.failed) continue;
    try {
      const r = await api<IntakeResult>('/api/work-orders', { headers: { 'Idempotency-Key': q.key }, body: q.body });
      await store('readwrite', (s) => s.delete(q.key));
      sent.push({ key: q.key, code: r.code, title: q.title });
    } catch (e) {
      const retry = !(e instanceof ApiError) || e.status === 0 || e.status >= 500 || e.status === 429 || e.status === 401;
      if (retry) break;
      await store('readwrite', (s) => s.put({ ...q, failed: e.message }));
    }
  }
  const waiting = await listOutbox();
  listeners.forEach((l) => l({ sent, waiting }));
}

let started = false;
// navigator.onLine is not to be trusted (it says online behind a dead hotspot, and in a page reopened
// from the worker), so what waits is also tried on a timer: short enough that a report leaves soon
// after the network returns, while an empty outbox costs nothing.
const RETRY_MS = 10_000;

/** Sends on start, whenever the network returns, and every RETRY_MS while something waits. */
export function startOutbox(): void {
  if (started) return;
  started = true;
  window.addEventListener('online', () => void flush());
  setInterval(() => {
    if (navigator.onLine) void flush();
  }, RETRY_MS);
  void flush();
}
