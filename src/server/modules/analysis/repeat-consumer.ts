import type { Db, Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { everyTick } from '../../lib/event-log-reader.ts';
import { catchUpAnalysisLog, consumeAnalysisLog } from './analysis-consumer.ts';
import { DEFAULT_REPEAT, keyComponents, type RepeatCandidate, type RepeatKind } from './repeat-detector.ts';
import { KEY_SQL, KIND_CODE, KINDS } from './repeat-group-tables.ts';
import { relinkOrders, repeatFacts } from './repeat-linker.ts';

/**
 * Keeps the repeat groups (migration 0030) current from `work_order_events`, as the daily counts
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
  return catchUpAnalysisLog(db, CHECKPOINT, maxBatches, () => consumeRepeatBatch(db, now));
}

/** Orders read per pass of a rebuild: the keys of one pass are split off by a hash of the key. */
const REBUILD_PASS = 400_000;

type RebuildRow = { id: number; at: string; t: number; grid_id: number | null; address: string | null; requester_phone: string | null; category: string | null; tokens: string[] | null };

/**
 * The groups from scratch: every order's keys, the components of each key's orders (the
 * detector's linking with no bound on comparisons), their visibility copies, and the checkpoint
 * at the end of the log. For bulk loads written without the commands; run with no concurrent writers.
 */
export async function rebuildRepeatGroups(db: Db, note?: (text: string) => void): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('select 1 from analysis_checkpoints where name = $1 for update', [CHECKPOINT]);
    await tx.query('truncate repeat_orders, repeat_groups, repeat_visible restart identity');
    const top = (await tx.query<{ n: number }>('select coalesce(max(id), 0) as n from work_order_events')).rows[0].n;
    const total = (await tx.query<{ n: number }>('select count(*)::int as n from work_orders')).rows[0].n;
    const passes = Math.max(1, Math.ceil(total / REBUILD_PASS));
    let nextGroup = 1;
    for (const kind of KINDS) {
      for (let pass = 0; pass < passes; pass++) {
        const rows = (
          await tx.query<RebuildRow>(
            `select o.id, o.received_at::text as at, floor(extract(epoch from o.received_at) * 1000)::float8 as t, o.grid_id, o.address, o.requester_phone, o.category, o.tokens
             from work_orders o where ${KEY_SQL[kind]} is not null and abs(hashtext(${KEY_SQL[kind]}) % $1) = $2`,
            [passes, pass],
          )
        ).rows;
        nextGroup = await writePass(tx, kind, rows, nextGroup);
        note?.(`repeat groups: ${kind} pass ${pass + 1}/${passes} (${rows.length} orders)`);
      }
    }
    if (nextGroup > 1) await tx.query(`select setval('repeat_groups_id_seq', $1)`, [nextGroup - 1]);
    await tx.query(
      `insert into repeat_visible (kind, unit_id, received_at, order_id, via, group_id)
       select r.kind, v.unit_id, r.received_at, r.order_id, v.via, r.group_id
       from repeat_orders r join work_order_visibility v on v.order_id = r.order_id where r.group_id is not null`,
    );
    await tx.query('update analysis_checkpoints set last_event_id = $2, gap_xmax = null, updated_at = now() where name = $1', [CHECKPOINT, top]);
  });
  await db.exec('analyze repeat_orders; analyze repeat_visible');
}

/** One pass's orders: keyed, linked per key, written with their group ids. Returns the next free group id. */
async function writePass(tx: Queryable, kind: RepeatKind, rows: RebuildRow[], nextGroup: number): Promise<number> {
  const byKey = new Map<string, { c: RepeatCandidate; at: string; words: string[] }[]>();
  for (const r of rows) {
    const f = repeatFacts(r, kind);
    if (!f) continue;
    const c: RepeatCandidate = { id: Number(r.id), receivedAt: new Date(r.t), gridId: null, address: null, phone: null, category: r.category, tokens: f.words };
    (byKey.get(f.key) ?? byKey.set(f.key, []).get(f.key)!).push({ c, at: r.at, words: f.words });
  }
  const cols = { id: [] as number[], key: [] as string[], at: [] as string[], cat: [] as (string | null)[], w: [] as string[], g: [] as (number | null)[] };
  const groupIds: number[] = [];
  const sizes: number[] = [];
  const flush = async () => {
    if (!cols.id.length) return;
    await tx.query(
      `insert into repeat_orders (order_id, kind, key, received_at, category, words, group_id)
       select u.id, $1, u.key, u.at::timestamptz, u.cat, case when u.w = '' then '{}'::text[] else string_to_array(u.w, chr(1)) end, u.g
       from unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[]) as u(id, key, at, cat, w, g)`,
      [KIND_CODE[kind], cols.id, cols.key, cols.at, cols.cat, cols.w, cols.g],
    );
    for (const a of Object.values(cols)) a.length = 0;
  };
  for (const [key, list] of byKey) {
    const info = new Map(list.map((x) => [x.c.id, x]));
    for (const part of keyComponents(list.map((x) => x.c), { kind, ...DEFAULT_REPEAT, minSize: 1 })) {
      const g = part.length >= 2 ? nextGroup++ : null;
      if (g !== null) {
        groupIds.push(g);
        sizes.push(part.length);
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
      if (cols.id.length >= 20_000) await flush();
    }
  }
  await flush();
  if (groupIds.length) {
    await tx.query('insert into repeat_groups (id, kind, size) select * from unnest($1::bigint[], $2::smallint[], $3::int[])', [
      groupIds, groupIds.map(() => KIND_CODE[kind]), sizes,
    ]);
  }
  return nextGroup;
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
    const r = await ctx.db.query<{ fresh: boolean; backlog: number }>(
      `select c.updated_at is null as fresh, coalesce((select max(id) from work_order_events), 0) - c.last_event_id as backlog from analysis_checkpoints c where c.name = $1`,
      [CHECKPOINT],
    );
    if (r.rows[0]?.fresh && Number(r.rows[0].backlog) > REPLAY_AT_MOST) await rebuildRepeatGroups(ctx.db);
    return catchUpRepeats(ctx.db, ctx.now(), 50);
  });
}
