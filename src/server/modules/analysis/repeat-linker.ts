import type { Queryable } from '../../db/client.ts';
import { DEFAULT_REPEAT, jaccard, keyComponents, placeKey, requesterKey, words, type RepeatCandidate, type RepeatKind } from './repeat-detector.ts';
import { KIND_CODE, KINDS, monthKey, type RepeatOrderRow } from './repeat-group-tables.ts';

/**
 * Keeps repeat_orders and repeat_groups (migration 0030) in line with orders as they are now.
 *
 * The kept groups are the connected components, over the orders of one key taken in during one
 * Asia/Shanghai calendar month (whoever may see them), of the detector's pairwise rule under the
 * default window: the same key, at most `DEFAULT_REPEAT.windowDays` apart, the same matter. The
 * month is part of the stored key, so a group never spans two months. An order taken in (at any time, earlier
 * or later than the others) links to every order of its key within the window either side that
 * it matches, and the groups it touches become one: adding an order only ever joins groups. A
 * change of what the rule compares (key, time, category, words: recategorisation, a place or
 * phone corrected, information added) takes the order out of its group — the group's other
 * members are split again into the components they make without it (no other order can join
 * them: its links did not change) — and links it anew. A merge changes none of these (a merged
 * order keeps its place, words and time and still counts, as in the detector), so it moves nothing.
 */

const WINDOW = DEFAULT_REPEAT.windowDays;
// Run for every order taken in: planned once per connection (planning costs more than running them).
const PREPARED = { prepare: true };

type Facts = { id: number; t: number; grid_id: number | null; address: string | null; requester_phone: string | null; category: string | null; tokens: string[] | null };
type Stored = Pick<RepeatOrderRow, 'order_id' | 'kind' | 'key' | 'category' | 'words' | 'group_id'> & { same_time: boolean };

/**
 * What the rule compares of an order under one kind, or null when the order has no such key. The
 * key carries the order's Shanghai month, so only orders of one month link (a change of time
 * across months changes the key: the order moves).
 */
export function repeatFacts(o: Facts, kind: RepeatKind): { key: string; category: string | null; words: string[] } | null {
  const key = kind === 'place' ? placeKey({ gridId: o.grid_id, address: o.address }) : requesterKey({ phone: o.requester_phone });
  return key === null ? null : { key: monthKey(key, o.t), category: o.category, words: [...words(o.tokens)].sort() };
}

/**
 * Re-reads the given orders and moves the groups by what changed; then syncs the visibility copies
 * of the given orders and of every order whose group changed.
 */
export async function relinkOrders(tx: Queryable, ids: number[]): Promise<void> {
  const fresh = (
    await tx.query<Facts>(
      `select id, floor(extract(epoch from received_at) * 1000)::float8 as t, grid_id, address, requester_phone, category, tokens
       from work_orders where id = any($1::bigint[]) order by id`,
      [ids],
      PREPARED,
    )
  ).rows;
  const stored = (
    await tx.query<Stored>(
      `select r.order_id, r.kind, r.key, r.category, r.words, r.group_id, r.received_at = o.received_at as same_time
       from repeat_orders r join work_orders o on o.id = r.order_id where r.order_id = any($1::bigint[])`,
      [ids],
      PREPARED,
    )
  ).rows;
  const before = new Map(stored.map((s) => [`${s.order_id}:${s.kind}`, s]));
  const touched = new Set<number>(ids);
  for (const o of fresh) {
    for (const kind of KINDS) {
      const code = KIND_CODE[kind];
      const now = repeatFacts(o, kind);
      const was = before.get(`${o.id}:${code}`);
      if (was && now && was.same_time && was.key === now.key && was.category === now.category && was.words.join('\u0001') === now.words.join('\u0001')) continue;
      if (was) await detach(tx, code, Number(o.id), touched);
      if (now) {
        await tx.query(
          `insert into repeat_orders (order_id, kind, key, received_at, category, words) select id, $2, $3, received_at, $4, $5 from work_orders where id = $1`,
          [o.id, code, now.key, now.category, now.words],
          PREPARED,
        );
        await link(tx, code, Number(o.id), now, touched);
      }
    }
  }
  await syncVisible(tx, [...touched]);
}

/**
 * Joins an order to the groups of every earlier or later order of its key it repeats within the window.
 * The candidates come back folded: one row per group and set of words (no words where the category
 * is the same: those repeat it whatever they say), the ungrouped orders of a row listed in it. A
 * busy address's thousands of orders in a month are then a handful of rows and comparisons.
 */
async function link(tx: Queryable, kind: number, id: number, x: { category: string | null; words: string[] }, touched: Set<number>): Promise<void> {
  const near = (
    await tx.query<{ group_id: number | null; size: number | null; words: string[] | null; singles: number[] | null }>(
      `select n.group_id, g.size, n.words, n.singles
       from (
         select y.group_id, case when y.category = x.category then null else y.words end as words,
                array_agg(y.order_id) filter (where y.group_id is null) as singles
         from repeat_orders x join repeat_orders y on y.kind = x.kind and y.key = x.key and y.order_id <> x.order_id
           and y.received_at between x.received_at - make_interval(days => $3) and x.received_at + make_interval(days => $3)
         where x.order_id = $1 and x.kind = $2
           -- the same matter needs the same category or a shared word (similarity > 0)
           and (y.category = x.category or y.words && x.words)
         group by 1, 2
       ) n left join repeat_groups g on g.id = n.group_id`,
      [id, kind, WINDOW],
      PREPARED,
    )
  ).rows;
  const wx = new Set(x.words);
  const groups = new Map<number, number>();
  const singles: number[] = [];
  for (const y of near) {
    if (y.group_id !== null && groups.has(Number(y.group_id))) continue;
    if (y.words !== null && jaccard(wx, new Set(y.words)) < DEFAULT_REPEAT.similarity) continue;
    if (y.group_id === null) singles.push(...(y.singles ?? []).map(Number));
    else groups.set(Number(y.group_id), Number(y.size));
  }
  if (!groups.size && !singles.length) return;
  // the largest group keeps its id: the others' members are relabelled, the fewest rows written
  const ranked = [...groups].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const target = ranked.length
    ? ranked[0][0]
    : Number((await tx.query<{ id: number }>('insert into repeat_groups (kind, size) values ($1, 0) returning id', [kind])).rows[0].id);
  const others = ranked.slice(1).map(([g]) => g);
  if (others.length) {
    const moved = await tx.query<{ order_id: number }>('update repeat_orders set group_id = $3 where kind = $1 and group_id = any($2::bigint[]) returning order_id', [kind, others, target]);
    for (const r of moved.rows) touched.add(Number(r.order_id));
    await tx.query('delete from repeat_groups where id = any($1::bigint[])', [others]);
  }
  const joined = [...singles, id];
  await tx.query('update repeat_orders set group_id = $3 where kind = $1 and order_id = any($2::bigint[])', [kind, joined, target], PREPARED);
  for (const j of joined) touched.add(j);
  const added = ranked.slice(1).reduce((n, [, size]) => n + size, 0) + joined.length;
  await tx.query('update repeat_groups set size = size + $2 where id = $1', [target, added], PREPARED);
}

/** Takes an order out (its row deleted) and splits its former group into what the others still make. */
async function detach(tx: Queryable, kind: number, id: number, touched: Set<number>): Promise<void> {
  // its group as it is now: an earlier order of the batch may have relabelled it
  const gone = await tx.query<{ group_id: number | null }>('delete from repeat_orders where order_id = $1 and kind = $2 returning group_id', [id, kind], PREPARED);
  const group = gone.rows[0]?.group_id == null ? null : Number(gone.rows[0].group_id);
  if (group === null) return;
  const rest = (
    await tx.query<{ order_id: number; t: number; category: string | null; words: string[] }>(
      `select order_id, floor(extract(epoch from received_at) * 1000)::float8 as t, category, words from repeat_orders where kind = $1 and group_id = $2`,
      [kind, group],
    )
  ).rows;
  const members: RepeatCandidate[] = rest.map((r) => ({ id: Number(r.order_id), receivedAt: new Date(r.t), gridId: null, address: null, phone: null, category: r.category, tokens: r.words }));
  const parts = keyComponents(members, { kind: 'place', ...DEFAULT_REPEAT, minSize: 1 }).sort((a, b) => b.length - a.length);
  for (const m of members) touched.add(m.id);
  if (!parts.length || parts[0].length < 2) {
    await tx.query('update repeat_orders set group_id = null where kind = $1 and group_id = $2', [kind, group]);
    await tx.query('delete from repeat_groups where id = $1', [group]);
    return;
  }
  await tx.query('update repeat_groups set size = $2 where id = $1', [group, parts[0].length]);
  for (const part of parts.slice(1)) {
    const to = part.length < 2 ? null : Number((await tx.query<{ id: number }>('insert into repeat_groups (kind, size) values ($1, $2) returning id', [kind, part.length])).rows[0].id);
    await tx.query('update repeat_orders set group_id = $3 where kind = $1 and order_id = any($2::bigint[])', [kind, part.map((m) => m.id), to]);
  }
}

/**
 * The visibility copies of the given orders: one row per unit that may see a grouped order; then
 * the per-unit sums (repeat_group_units) of every group those orders were in before and are in
 * now, counted again from the copies.
 */
export async function syncVisible(tx: Queryable, ids: number[]): Promise<void> {
  if (!ids.length) return;
  const groupsOf = `select distinct group_id from repeat_visible where order_id = any($1::bigint[])`;
  const before = (await tx.query<{ group_id: number }>(groupsOf, [ids], PREPARED)).rows.map((r) => Number(r.group_id));
  await tx.query(
    `delete from repeat_visible rv where rv.order_id = any($1::bigint[]) and not exists (
       select 1 from repeat_orders r join work_order_visibility v on v.order_id = r.order_id
       where r.order_id = rv.order_id and r.kind = rv.kind and v.unit_id = rv.unit_id and r.group_id is not null)`,
    [ids],
    PREPARED,
  );
  await tx.query(
    `insert into repeat_visible as rv (kind, unit_id, received_at, order_id, via, group_id)
     select r.kind, v.unit_id, r.received_at, r.order_id, v.via, r.group_id
     from repeat_orders r join work_order_visibility v on v.order_id = r.order_id
     where r.order_id = any($1::bigint[]) and r.group_id is not null
     order by r.order_id, r.kind, v.unit_id
     on conflict (order_id, kind, unit_id) do update set via = excluded.via, group_id = excluded.group_id, received_at = excluded.received_at
       where (rv.via, rv.group_id, rv.received_at) is distinct from (excluded.via, excluded.group_id, excluded.received_at)`,
    [ids],
    PREPARED,
  );
  const after = (await tx.query<{ group_id: number }>(groupsOf, [ids], PREPARED)).rows.map((r) => Number(r.group_id));
  await summariseGroups(tx, [...new Set([...before, ...after])]);
}

/** The per-unit sums of the given groups, from their copies; a group with no copies left has none. */
async function summariseGroups(tx: Queryable, groups: number[]): Promise<void> {
  if (!groups.length) return;
  await tx.query('delete from repeat_group_units where group_id = any($1::bigint[])', [groups], PREPARED);
  // the members through repeat_orders' group index, their copies through repeat_visible's key
  await tx.query(
    `insert into repeat_group_units (group_id, unit_id, via, kind, first_at, last_at, n)
     select v.group_id, v.unit_id, v.via, v.kind, min(v.received_at), max(v.received_at), count(*)
     from repeat_orders r join repeat_visible v on v.order_id = r.order_id and v.kind = r.kind and v.group_id = r.group_id
     where r.kind = any('{1,2}'::smallint[]) and r.group_id = any($1::bigint[]) and r.group_id is not null
     group by 1, 2, 3, 4`,
    [groups],
    PREPARED,
  );
}
