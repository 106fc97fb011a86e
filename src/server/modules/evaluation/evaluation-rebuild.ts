import type { Db, Queryable } from '../../db/client.ts';
import { lockCheckpoint } from './evaluation-consumer.ts';
import { JUDGED_EVENTS, judgeOrders, loadPolicies, loadUnitKinds, writeJudged } from './evaluation-rollups.ts';
import { ordersToJudge } from './evaluation-recompute.ts';
import type { EventRow } from './evaluation-tables.ts';
import { refillKeptCounts } from './kept-counts.ts';

/** Orders judged and written per statement, and events fetched per round trip (smaller in tests, to cross their bounds). */
export type RebuildSizes = { batch: number; fetch: number };
const SIZES: RebuildSizes = { batch: 5000, fetch: 20_000 };

/**
 * Judges every order afresh and moves the consumer's checkpoint to the end of the log: for a bulk
 * history load, which the consumer would otherwise re-read one batch of events at a time (hours at
 * ten million orders). Needs no other writer of events meanwhile, like the analysis recount.
 *
 * The judged events are read in one pass, sorted by order: fetching each batch's events by order
 * id lands on random pages of the log (a 5,000-order batch read 46,000 events in 7–9 s at ten
 * million orders), while one sequential scan and a sort read each page once.
 */
export async function rebuildEvaluation(db: Db, sizes = SIZES): Promise<number> {
  return db.transaction(async (tx) => {
    await lockCheckpoint(tx);
    const end = (await tx.query<{ id: number }>('select coalesce(max(id), 0)::bigint as id from work_order_events')).rows[0].id;
    await tx.exec('delete from evaluation_order_results; delete from evaluation_callback_facts; delete from evaluation_rollups');
    // The places afresh from work_orders and the counts emptied; judging below adds the results' counts.
    await refillKeptCounts(tx);
    const n = await judgeFromSortedLog(tx, sizes);
    await tx.query(`update evaluation_checkpoints set last_event_id = greatest(last_event_id, $1), gap_xmax = null where name = 'rollups'`, [end]);
    return n;
  });
}

/** Every order with a callback, judged in batches from one ordered read of the judged events. */
async function judgeFromSortedLog(tx: Queryable, { batch: size, fetch }: RebuildSizes): Promise<number> {
  const versions = await loadPolicies(tx);
  const kinds = await loadUnitKinds(tx);
  const ids = await ordersToJudge(tx, versions);
  if (!ids.length) return 0;
  // A cursor's plan favours its first rows (an index walk over random pages): the whole result is wanted.
  await tx.exec(`set local cursor_tuple_fraction = 1; set local work_mem = '256MB'; set local jit = off`);
  const types = JUDGED_EVENTS.map((t) => `'${t}'`).join(',');
  await tx.exec(
    `declare judged_events no scroll cursor for
     select id, order_id, type, at, data from work_order_events e
     where type in (${types}) and exists (select 1 from callbacks c where c.order_id = e.order_id)
     order by order_id, id`,
  );
  let buffered: EventRow[] = [];
  let done = false;
  // Events up to and including order `last`: fetched on until an event of a later order (or the end) is seen.
  const eventsThrough = async (last: number): Promise<EventRow[]> => {
    while (!done && (!buffered.length || Number(buffered[buffered.length - 1].order_id) <= last)) {
      const rows = (await tx.query<EventRow>(`fetch forward ${fetch} from judged_events`)).rows;
      if (rows.length < fetch) done = true;
      buffered = buffered.concat(rows);
    }
    const cut = buffered.findIndex((e) => Number(e.order_id) > last);
    const taken = cut < 0 ? buffered : buffered.slice(0, cut);
    buffered = cut < 0 ? [] : buffered.slice(cut);
    return taken;
  };
  for (let i = 0; i < ids.length; i += size) {
    const batch = ids.slice(i, i + size);
    // the tables were emptied above: nothing to replace
    await writeJudged(tx, await judgeOrders(tx, batch, versions, kinds, await eventsThrough(Number(batch[batch.length - 1]))));
  }
  await tx.exec('close judged_events');
  return ids.length;
}
