import type { Db, Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { everyTick } from '../../lib/event-log-reader.ts';
import { catchUpAnalysisLog, consumeAnalysisLog } from './analysis-consumer.ts';
import { DEFAULT_REPEAT, keyComponents, type RepeatCandidate, type RepeatKind } from './repeat-detector.ts';
import { KEY_SQL, KIND_CODE, KINDS, MONTH_KEY_SQL } from './repeat-group-tables.ts';
import { relinkOrders, repeatFacts } from './repeat-linker.ts';

/**
 * Keeps the repeat groups (migrations 0030, 0034) current from `work_order_events`, as the daily counts
 * are kept (analysis-consumer.ts): the shared log reader, checkpoint 'repeats' stored in the same
 * transaction as the groups, so a restart resumes where the last committed batch ended. Every
 * event re-reads its order and moves the groups only when what the rule compares changed
 * (repeat-linker.ts), so a replayed event is harmless.
 */

const CHECKPOINT = 'repeats';

/** One batch in its own transaction: the events past the checkpoint, their orders relinked. */
export async function consumeRepeatBatch(db: Db, now: Date, limit = 2000): Promise<{ events: number; more: boolean }> {
  return consumeAnalysisLog(db, CHECKPOINT, now, limit, relinkOrders);
}

/**
 * Reads to the end of the log before repeats are answered from the groups; false when the log is
 * still longer than `maxBatches` (a bulk load not yet consumed): the read then runs the detector.
 */
export async function catchUpRepeats(db: Db, now: Date, maxBatches = 4): Promise<boolean> {
  // a read's batches would mark a never-consumed long log as consumed and turn the timer's rebuild into a replay
  if (await awaitsRebuild(db)) return false;
  return catchUpAnalysisLog(db, CHECKPOINT, maxBatches, () => consumeRepeatBatch(db, now));
}

/** Whether the consumer never ran (a new database, or migration 0034) on a log too long to replay: its first pass rebuilds. */
async function awaitsRebuild(db: Queryable): Promise<boolean> {
  const r = await db.query<{ fresh: boolean; backlog: number }>(
    `select c.updated_at is null as fresh, coalesce((select max(id) from work_order_events), 0) - c.last_event_id as backlog from analysis_checkpoints c where c.name = $1`,
    [CHECKPOINT],
  );
  return !!r.rows[0]?.fresh && Number(r.rows[0].backlog) > REPLAY_AT_MOST;
}

/** Rows fetched per round trip of a rebuild's cursor, and orders written per statement (smaller in tests, to cross their bounds). */
export type RepeatRebuildSizes = { fetch: number; write: number; visibleRange: number };
const SIZES: RepeatRebuildSizes = { fetch: 20_000, write: 20_000, visibleRange: 500_000 };

type RebuildRow = { sk: string; id: number; at: string; t: number; grid_id: number | null; address: string | null; requester_phone: string | null; category: string | null; tokens: string[] | null };

/**
 * The groups from scratch: every order's keys, the components of each key's orders of one month
 * (the detector's linking with no bound on comparisons), their visibility copies and per-unit
 * sums (repeat_group_units), and the checkpoint at the end of the log. For bulk loads written without the commands; run with no concurrent writers.
 *
 * Each kind is one read of the orders sorted by the SQL key (one scan and one sort), so a key's
 * orders arrive together; splitting the keys into passes by a hash read the whole table once per
 * pass (52 scans of 15 GB at ten million orders). The visibility copies are then written in
 * ranges of order ids, each a merge of two primary keys: one statement over every grouped order
 * hashed the visibility table and spilled it to disk. The sums come from the same statements (a
 * range's new copies summed and added), so they cost no further scan of the copies.
 */
export async function rebuildRepeatGroups(db: Db, note?: (text: string) => void, sizes = SIZES): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('select 1 from analysis_checkpoints where name = $1 for update', [CHECKPOINT]);
    await tx.query('truncate repeat_orders, repeat_groups, repeat_visible, repeat_group_units restart identity');
    const top = (await tx.query<{ n: number }>('select coalesce(max(id), 0) as n from work_order_events')).rows[0].n;
    await tx.exec(`set local cursor_tuple_fraction = 1; set local work_mem = '256MB'; set local jit = off`);
    let nextGroup = 1;
    for (const kind of KINDS) nextGroup = await linkKind(tx, kind, nextGroup, sizes, note);
    if (nextGroup > 1) await tx.query(`select setval('repeat_groups_id_seq', $1)`, [nextGroup - 1]);
    const last = Number((await tx.query<{ n: string }>('select coalesce(max(order_id), 0) as n from repeat_orders')).rows[0].n);
    for (let from = 0; from <= last; from += sizes.visibleRange) {
      // the copies and their sums per group, unit and via: a group's members may fall in several
      // ranges, so each range's sums are added to what earlier ranges wrote
      await tx.query(
        `with copied as (
           insert into repeat_visible (kind, unit_id, received_at, order_id, via, group_id)
           select r.kind, v.unit_id, r.received_at, r.order_id, v.via, r.group_id
           from repeat_orders r join work_order_visibility v on v.order_id = r.order_id
           where r.group_id is not null and r.order_id > $1 and r.order_id <= $2 and v.order_id > $1 and v.order_id <= $2
           returning kind, unit_id, received_at, via, group_id)
         insert into repeat_group_units as u (group_id, unit_id, via, kind, first_at, last_at, n)
         select group_id, unit_id, via, kind, min(received_at), max(received_at), count(*) from copied group by 1, 2, 3, 4
         on conflict (group_id, unit_id, via) do update
           set first_at = least(u.first_at, excluded.first_at), last_at = greatest(u.last_at, excluded.last_at), n = u.n + excluded.n`,
        [from, from + sizes.visibleRange],
      );
      note?.(`repeat groups: visibility copies through order ${Math.min(last, from + sizes.visibleRange)} of ${last}`);
    }
    await tx.query('update analysis_checkpoints set last_event_id = $2, gap_xmax = null, updated_at = now() where name = $1', [CHECKPOINT, top]);
  });
  await db.exec('analyze repeat_orders; analyze repeat_groups; analyze repeat_visible; analyze repeat_group_units');
}

/** One kind's orders, read in key order: each key's run linked as it completes. Returns the next free group id. */
async function linkKind(tx: Queryable, kind: RepeatKind, nextGroup: number, sizes: RepeatRebuildSizes, note?: (text: string) => void): Promise<number> {
  const cursor = `repeat_${kind}`;
  await tx.exec(
    `declare ${cursor} no scroll cursor for
     select sk, o.id, o.received_at::text as at, floor(extract(epoch from o.received_at) * 1000)::float8 as t, o.grid_id, o.address, o.requester_phone, o.category, o.tokens
     from work_orders o cross join lateral (select ${KEY_SQL[kind]} || ${MONTH_KEY_SQL} as sk) k where sk is not null order by sk`,
  );
  const w = writer(tx, kind, nextGroup, sizes.write);
  let run: RebuildRow[] = [];
  let read = 0;
  for (;;) {
    const rows = (await tx.query<RebuildRow>(`fetch forward ${sizes.fetch} from ${cursor}`)).rows;
    for (const r of rows) {
      // the SQL key is coarser than the rule's: a run of one SQL key holds every order of its rule keys
      if (run.length && run[0].sk !== r.sk) {
        await w.link(run);
        run = [];
      }
      run.push(r);
    }
    read += rows.length;
    if (rows.length < sizes.fetch) break;
    if (read % 1_000_000 < sizes.fetch) note?.(`repeat groups: ${kind} ${read} orders read`);
  }
  if (run.length) await w.link(run);
  await tx.exec(`close ${cursor}`);
  const next = await w.end();
  note?.(`repeat groups: ${kind} done (${read} orders, ${next - nextGroup} groups)`);
  return next;
}

/** Links runs of orders into components and writes them in statements of `size` orders, numbering groups from `nextGroup`. */
function writer(tx: Queryable, kind: RepeatKind, nextGroup: number, size: number) {
  const cols = { id: [] as number[], key: [] as string[], at: [] as string[], cat: [] as (string | null)[], w: [] as string[], g: [] as (number | null)[] };
  const groups = { id: [] as number[], size: [] as number[] };
  const flush = async () => {
    if (cols.id.length) {
      await tx.query(
        `insert into repeat_orders (order_id, kind, key, received_at, category, words, group_id)
         select u.id, $1, u.key, u.at::timestamptz, u.cat, case when u.w = '' then '{}'::text[] else string_to_array(u.w, chr(1)) end, u.g
         from unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[]) as u(id, key, at, cat, w, g)`,
        [KIND_CODE[kind], cols.id, cols.key, cols.at, cols.cat, cols.w, cols.g],
      );
      for (const a of Object.values(cols)) a.length = 0;
    }
    if (groups.id.length) {
      await tx.query('insert into repeat_groups (id, kind, size) select u.id, $1, u.size from unnest($2::bigint[], $3::int[]) as u(id, size)', [
        KIND_CODE[kind], groups.id, groups.size,
      ]);
      groups.id.length = groups.size.length = 0;
    }
  };
  const link = async (run: RebuildRow[]) => {
    const byKey = new Map<string, { c: RepeatCandidate; at: string; words: string[] }[]>();
    for (const r of run) {
      const f = repeatFacts(r, kind);
      if (!f) continue;
      const c: RepeatCandidate = { id: Number(r.id), receivedAt: new Date(r.t), gridId: null, address: null, phone: null, category: r.category, tokens: f.words };
      (byKey.get(f.key) ?? byKey.set(f.key, []).get(f.key)!).push({ c, at: r.at, words: f.words });
    }
    for (const [key, list] of byKey) {
      const info = new Map(list.map((x) => [x.c.id, x]));
      for (const part of keyComponents(list.map((x) => x.c), { kind, ...DEFAULT_REPEAT, minSize: 1 })) {
        const g = part.length >= 2 ? nextGroup++ : null;
        if (g !== null) {
          groups.id.push(g);
          groups.size.push(part.length);
        }
        for (const c of part) {
          const x = info.get(c.id)!;
          cols.id.push(c.id);
          cols.key.push(key);
          cols.at.push(x.at);
          cols.cat.push(c.category);
          cols.w.push(x.words.join('\u0001'));
          cols.g.push(g);
        }
      }
    }
    if (cols.id.length >= size) await flush();
  };
  return {
    link,
    end: async () => {
      await flush();
      return nextGroup;
    },
  };
}

/** Events past which a consumer that never ran builds the groups from scratch instead of replaying the log. */
const REPLAY_AT_MOST = 50_000;

/**
 * Runs the consumer on a timer until stopped; errors are logged and the next tick tries again. On
 * a database whose history predates the groups (checkpoint never stored), a long log is not
 * replayed order by order: the first pass builds the groups from scratch.
 */
export function startRepeatConsumer(ctx: Ctx, everyMs: number): () => Promise<void> {
  return everyTick(ctx.log, 'repeat consumer', everyMs, async () => {
    if (await awaitsRebuild(ctx.db)) await rebuildRepeatGroups(ctx.db);
    return catchUpRepeats(ctx.db, ctx.now(), 50);
  });
}
