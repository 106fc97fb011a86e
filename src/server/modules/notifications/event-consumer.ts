import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import type { WorkOrderEventRow } from './work-order-event-tables.ts';

// Ids are taken at insert and become visible at commit, so on a server a lower id can appear
// after a higher one was read. Re-reading this many ids behind the checkpoint picks such late
// rows up; the marks skip what was already handled.
const LOOK_BACK = 200;
// Marks far behind the checkpoint can never be re-read; they are pruned now and then.
const KEEP_MARKS = 5_000;

export type ConsumeResult = { consumed: number; checkpoint: number };

/**
 * Reads `work_order_events` after the consumer's checkpoint and lets `handle` act on each, in one
 * transaction per batch with the checkpoint and the per-event marks: whatever `handle` writes
 * (notifications) commits exactly when the event is marked done, so a crash or restart never
 * handles an event twice or skips one. A second process finds the checkpoint row locked and
 * leaves the batch to the first (SKIP LOCKED), so several servers can run consumers at once.
 */
export async function consumeEvents(
  ctx: Ctx,
  consumer: string,
  handle: (tx: Queryable, e: WorkOrderEventRow) => Promise<void>,
  batch = 100,
): Promise<ConsumeResult> {
  let consumed = 0;
  for (;;) {
    const r = await ctx.db.transaction(async (tx) => {
      const cp = (
        await tx.query<{ last_id: number }>('select last_id from event_consumers where name = $1 for update skip locked', [consumer])
      ).rows[0];
      if (!cp) return null;
      const events = (
        await tx.query<WorkOrderEventRow>(
          `select e.* from work_order_events e
           where e.id > $2 and not exists (select 1 from consumed_events c where c.consumer = $1 and c.event_id = e.id)
           order by e.id limit $3`,
          [consumer, Math.max(0, Number(cp.last_id) - LOOK_BACK), batch],
        )
      ).rows;
      for (const e of events) await handle(tx, e);
      const last = Math.max(Number(cp.last_id), ...events.map((e) => Number(e.id)));
      if (events.length) {
        await tx.query(
          `insert into consumed_events(consumer, event_id) select $1, unnest($2::bigint[]) on conflict do nothing`,
          [consumer, events.map((e) => e.id)],
        );
        await tx.query('update event_consumers set last_id = $2, updated_at = $3 where name = $1', [consumer, last, ctx.now()]);
        if (Math.floor(last / 1000) !== Math.floor(Number(cp.last_id) / 1000)) {
          await tx.query('delete from consumed_events where consumer = $1 and event_id < $2', [consumer, last - KEEP_MARKS]);
        }
      }
      return { n: events.length, last };
    });
    if (!r) return { consumed, checkpoint: -1 };
    consumed += r.n;
    if (r.n < batch) return { consumed, checkpoint: r.last };
  }
}

/**
 * Moves a consumer (without a name, every one) past every event written so far: generated history is the past, and nobody is
 * to be told today that an order was dispatched to them three months ago.
 */
export async function skipPastEvents(q: Queryable, consumer?: string): Promise<void> {
  await q.query(
    `update event_consumers set last_id = greatest(last_id, (select coalesce(max(id), 0) from work_order_events)) where $1::text is null or name = $1`,
    [consumer ?? null],
  );
}
