import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import { callsRequesters } from '../work-orders/work-order-access.ts';
import { maskPhone, presentSummary, type SummaryRow } from '../work-orders/work-order-presenter.ts';
import { SUMMARY_COLS, SUMMARY_JOINS } from '../work-orders/work-order-paging.ts';
import { checkPeriod, visibleOrdersWhere, type AnalysisFilter } from './analysis-filter.ts';
import { KEY_SQL } from './repeat-group-tables.ts';
import { keptGroupsAnswer, readKeptGroups } from './repeat-group-queries.ts';
import { catchUpRepeats } from './repeat-consumer.ts';
import { DEFAULT_REPEAT, findRepeats, type RepeatCandidate, type RepeatKind } from './repeat-detector.ts';

/**
 * Orders read at most per request. A district's month at 10 million orders a year is ≈ 830,000
 * orders; beyond this the newest are read and the answer says it is partial.
 */
export const MAX_CANDIDATES = 1_200_000;
const MAX_GROUPS = 100;
/** Orders listed per group, the newest: a group of hundreds is acted on as one problem, not read order by order. */
export const SHOWN_ORDERS = 20;

// Only the columns the kind's key is made of travel to the detector.
const KEY_COLS: Record<RepeatKind, string> = {
  place: `o.grid_id, case when o.grid_id is null then o.address end as address, null as requester_phone`,
  requester: `null::bigint as grid_id, null as address, o.requester_phone`,
};

// Time as epoch milliseconds and the tokens as one string: parsing timestamps and text arrays
// row by row costs more than the query itself on a month of orders.
type Row = { id: string; t: number; grid_id: number | null; address: string | null; requester_phone: string | null; category: string | null; w: string | null };

export type RepeatsFilter = AnalysisFilter & { kind: RepeatKind; windowDays?: number; minSize?: number };

/**
 * The orders that may belong to a group: those of a key with at least minSize orders in the period
 * (a requester repeat needs a phone that occurs twice). Beyond `limit` of them, the newest `limit`.
 */
export async function readCandidates(q: Queryable, actor: Actor, f: RepeatsFilter, limit = MAX_CANDIDATES): Promise<{ candidates: RepeatCandidate[]; partial: boolean }> {
  const read = async (newest: boolean) => {
    const params: unknown[] = [];
    const where = visibleOrdersWhere(actor, f, params);
    const key = KEY_SQL[f.kind];
    const minSize = `$${params.push(f.minSize ?? DEFAULT_REPEAT.minSize)}`;
    // the period read twice by its index (once for the keys, once for the orders) is faster than
    // joining the keys' orders back by id
    const sql = `select o.id, floor(extract(epoch from o.received_at) * 1000)::float8 as t, ${KEY_COLS[f.kind]}, o.category, array_to_string(o.tokens, chr(1)) as w
       from work_orders o where ${where} and ${key} in (select ${key} from work_orders o where ${where} group by 1 having count(*) >= ${minSize})
       ${newest ? 'order by o.received_at desc' : ''} limit ${limit + 1}`;
    return (await q.query<Row>(sql, params)).rows;
  };
  let rows = await read(false);
  const partial = rows.length > limit;
  if (partial) rows = await read(true);
  return {
    partial,
    candidates: rows.slice(0, limit).map((r) => ({
      id: Number(r.id),
      receivedAt: new Date(r.t),
      gridId: r.grid_id,
      address: r.address,
      phone: r.requester_phone,
      category: r.category,
      tokens: r.w === null ? null : r.w.split('\u0001'),
    })),
  };
}

/**
 * Repeated requests among the orders the actor may see in a period, as groups a street can act
 * on: where (grid, community, street) or who (the phone, masked unless the actor calls requesters
 * back), the matter (category, shared words) and the orders. `partial` says when a bound was hit
 * (too many orders in the period, or an order with too many similar-word candidates), so a
 * truncated answer is never taken for a whole one. Under the default window the kept groups
 * answer (repeat-group-queries.ts, never partial); otherwise the detector groups the period.
 * With `now`, the repeat consumer first catches up with the log.
 */
export async function listRepeats(q: Queryable, actor: Actor, f: RepeatsFilter, maxCandidates = MAX_CANDIDATES, now?: Date) {
  checkPeriod(f.from, f.to);
  const windowDays = f.windowDays ?? DEFAULT_REPEAT.windowDays;
  const found = (await answerFromKeptGroups(q, actor, f, now)) ? { ...(await readKeptGroups(q, actor, f)), partialReason: null } : await detect(q, actor, f, maxCandidates);
  const groups = found.groups;
  const ids = groups.flatMap((g) => g.orderIds.slice(-SHOWN_ORDERS));
  const details = (
    await q.query<SummaryRow & { grid_id: number | null; grid_name: string | null; community_name: string | null; address: string | null; requester_phone: string | null; category: string | null }>(
      `select ${SUMMARY_COLS}, o.grid_id, g.name as grid_name, cm.name as community_name, o.address, o.requester_phone, o.category
       from work_orders o ${SUMMARY_JOINS} left join units g on g.id = o.grid_id left join units cm on cm.id = o.community_id
       where o.id = any($1::bigint[])`,
      [ids],
    )
  ).rows;
  const byId = new Map(details.map((d) => [Number(d.id), d]));
  const categories = await categoryNames(q, groups.map((g) => g.category).filter((c): c is string => !!c));
  const unmasked = callsRequesters(actor);
  return {
    from: f.from,
    to: f.to,
    kind: f.kind,
    windowDays,
    total: found.total,
    partial: found.partialReason !== null,
    partialReason: found.partialReason,
    groups: groups.map((g) => {
      const newest = byId.get(g.orderIds[g.orderIds.length - 1])!;
      const phone = newest.requester_phone;
      return {
        // a phone is never a key: it would reach people the masking keeps it from
        key: g.kind === 'requester' ? `requester:${g.orderIds[0]}` : g.key,
        size: g.size ?? g.orderIds.length,
        first: g.first.toISOString(),
        last: g.last.toISOString(),
        category: g.category,
        categoryName: g.category ? (categories.get(g.category) ?? g.category) : null,
        terms: g.terms,
        place: { gridId: newest.grid_id, gridName: newest.grid_name, communityName: newest.community_name, streetName: newest.street_name, address: newest.address },
        requesterPhone: f.kind === 'requester' ? (unmasked ? phone : maskPhone(phone)) : null,
        // the newest SHOWN_ORDERS, oldest first; size counts them all
        orders: g.orderIds.slice(-SHOWN_ORDERS).map((id) => presentSummary(byId.get(id)!)),
      };
    }),
  };
}

/**
 * The kept groups answer when they can (keptGroupsAnswer) and the consumer has caught up with the
 * log; a longer backlog (a bulk load the timer is still working through) is grouped by the detector.
 */
async function answerFromKeptGroups(q: Queryable, actor: Actor, f: RepeatsFilter, now: Date | undefined): Promise<boolean> {
  if (!keptGroupsAnswer(actor, f)) return false;
  return !now || !('transaction' in q) || (await catchUpRepeats(q as Db, now));
}

/** The detector over the caller's orders of the period, bounded (see readCandidates). */
async function detect(q: Queryable, actor: Actor, f: RepeatsFilter, maxCandidates: number) {
  const read = await readCandidates(q, actor, f, maxCandidates);
  const options = { ...DEFAULT_REPEAT, kind: f.kind, windowDays: f.windowDays ?? DEFAULT_REPEAT.windowDays, minSize: f.minSize ?? DEFAULT_REPEAT.minSize };
  const found = findRepeats(read.candidates, options);
  const partialReason = read.partial ? ('too_many_orders' as const) : found.cappedOrders > 0 ? ('too_many_similar' as const) : null;
  return { groups: found.groups.slice(0, MAX_GROUPS), total: found.groups.length, partialReason };
}

async function categoryNames(q: Queryable, codes: string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const r = await q.query<{ code: string; name: string }>(
    'select distinct on (code) code, name from categories where code = any($1::text[]) order by code, taxonomy_version_id desc',
    [codes],
  );
  return new Map(r.rows.map((c) => [c.code, c.name]));
}
