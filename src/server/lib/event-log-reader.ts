import type { Queryable } from '../db/client.ts';

/** Where a consumer of work_order_events stands: its last event and an id gap it waits at. */
export type LogCheckpoint = { last_event_id: number; gap_xmax: string | null };
export type LogEvent = { id: number; order_id: number; type: string };
export type LogRead = { taken: LogEvent[]; checkpoint: LogCheckpoint; changed: boolean; more: boolean };

/**
 * The next events past a checkpoint, in id order, for a consumer that keeps rollups from the log.
 * Ids are handed out before commit, so on a server an id below a committed one can still be in
 * flight: the read stops at the first gap and remembers the snapshot's xmax; the gap is passed
 * over only once every transaction older than that has ended (a rolled-back insert). The caller
 * applies `taken` and stores `checkpoint` (when `changed`) in the same transaction.
 */
export async function readPastCheckpoint(tx: Queryable, cp: LogCheckpoint, limit: number): Promise<LogRead> {
  let gapClosed = false;
  if (cp.gap_xmax) {
    const open = await tx.query<{ n: number }>('select count(*)::int as n from pg_snapshot_xip(pg_current_snapshot()) x where x < $1::xid8', [cp.gap_xmax]);
    gapClosed = open.rows[0].n === 0;
  }
  const events = (await tx.query<LogEvent>('select id, order_id, type from work_order_events where id > $1 order by id limit $2', [cp.last_event_id, limit])).rows;
  let last = Number(cp.last_event_id);
  const taken: LogEvent[] = [];
  for (const e of events) {
    if (Number(e.id) !== last + 1 && !(gapClosed && taken.length === 0)) break;
    taken.push(e);
    last = Number(e.id);
  }
  const gapAhead = taken.length < events.length;
  // Still waiting at the same gap: keep the old mark. A new gap (after progress) gets a fresh one.
  const waitingSame = !!cp.gap_xmax && !gapClosed && taken.length === 0;
  let gapXmax: string | null = null;
  if (gapAhead) {
    gapXmax = waitingSame ? cp.gap_xmax : (await tx.query<{ x: string }>('select pg_snapshot_xmax(pg_current_snapshot())::text as x')).rows[0].x;
  }
  return { taken, checkpoint: { last_event_id: last, gap_xmax: gapXmax }, changed: taken.length > 0 || gapXmax !== cp.gap_xmax, more: taken.length === limit || gapAhead };
}

/** Whether the log has nothing past the checkpoint: one step down the primary key, however long the log. */
export async function logIdle(q: Queryable, checkpointSql: string, params: unknown[]): Promise<boolean> {
  const r = await q.query<{ idle: boolean }>(
    `select c.gap_xmax is null and coalesce((select max(id) from work_order_events), 0) <= c.last_event_id as idle from (${checkpointSql}) c`,
    params,
  );
  return !!r.rows[0]?.idle;
}

/**
 * Runs a consumer's pass every `everyMs` until stopped, one pass at a time; a failed pass is logged
 * and the next tick tries again. The returned function stops it and waits for a pass under way.
 */
export function everyTick(log: { error: (msg: string, data?: Record<string, unknown>) => void }, name: string, everyMs: number, pass: () => Promise<unknown>): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    running = pass()
      .catch((e: unknown) => log.error(`${name} failed`, { error: (e as Error).message }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, everyMs);
      });
  };
  let timer = setTimeout(tick, everyMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
