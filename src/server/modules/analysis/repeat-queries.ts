import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import { callsRequesters } from '../work-orders/work-order-access.ts';
import { maskPhone, presentSummary, type SummaryRow } from '../work-orders/work-order-presenter.ts';
import { SUMMARY_COLS, SUMMARY_JOINS } from '../work-orders/work-order-paging.ts';
import { checkPeriod, visibleOrdersWhere, type AnalysisFilter } from './analysis-filter.ts';
import { DEFAULT_REPEAT, detectRepeats, type RepeatCandidate, type RepeatKind } from './repeat-detector.ts';

/** Candidates read at most per request: a district's month of repeats is far below this. */
const MAX_CANDIDATES = 50_000;
const MAX_GROUPS = 100;

// The same keys as placeKey/requesterKey, coarse enough that SQL keeps every order the detector could group.
const KEY_SQL: Record<RepeatKind, string> = {
  place: `coalesce('g' || o.grid_id::text, 'a' || regexp_replace(lower(o.address), '[[:space:]　，,。.·-]', '', 'g'))`,
  requester: `nullif(regexp_replace(coalesce(o.requester_phone, ''), '[^0-9]', '', 'g'), '')`,
};

type Row = { id: string; received_at: Date; grid_id: number | null; address: string | null; requester_phone: string | null; category: string | null; tokens: string[] | null };

/**
 * Repeated requests among the orders the actor may see in a period, as groups a street can act
 * on: where (grid, community, street) or who (the phone, masked unless the actor calls requesters
 * back), the matter (category, shared words) and the orders.
 */
export async function listRepeats(q: Queryable, actor: Actor, f: AnalysisFilter & { kind: RepeatKind; windowDays?: number; minSize?: number }) {
  checkPeriod(f.from, f.to);
  const params: unknown[] = [];
  const where = visibleOrdersWhere(actor, f, params);
  const key = KEY_SQL[f.kind];
  const rows = (
    await q.query<Row>(
      `select id, received_at, grid_id, address, requester_phone, category, tokens from (
         select o.id, o.received_at, o.grid_id, o.address, o.requester_phone, o.category, o.tokens, count(*) over (partition by ${key}) as n, ${key} as k
         from work_orders o where ${where}) x
       where x.k is not null and x.n >= 2 order by x.received_at desc limit ${MAX_CANDIDATES}`,
      params,
    )
  ).rows;
  const candidates: RepeatCandidate[] = rows.map((r) => ({
    id: Number(r.id),
    receivedAt: new Date(r.received_at),
    gridId: r.grid_id,
    address: r.address,
    phone: r.requester_phone,
    category: r.category,
    tokens: r.tokens,
  }));
  const options = { ...DEFAULT_REPEAT, kind: f.kind, windowDays: f.windowDays ?? DEFAULT_REPEAT.windowDays, minSize: f.minSize ?? DEFAULT_REPEAT.minSize };
  const all = detectRepeats(candidates, options);
  const groups = all.slice(0, MAX_GROUPS);
  const ids = groups.flatMap((g) => g.orderIds);
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
    windowDays: options.windowDays,
    total: all.length,
    groups: groups.map((g) => {
      const newest = byId.get(g.orderIds[g.orderIds.length - 1])!;
      const phone = newest.requester_phone;
      return {
        // a phone is never a key: it would reach people the masking keeps it from
        key: g.kind === 'requester' ? `requester:${g.orderIds[0]}` : g.key,
        size: g.orderIds.length,
        first: g.first.toISOString(),
        last: g.last.toISOString(),
        category: g.category,
        categoryName: g.category ? (categories.get(g.category) ?? g.category) : null,
        terms: g.terms,
        place: { gridId: newest.grid_id, gridName: newest.grid_name, communityName: newest.community_name, streetName: newest.street_name, address: newest.address },
        requesterPhone: f.kind === 'requester' ? (unmasked ? phone : maskPhone(phone)) : null,
        orders: g.orderIds.map((id) => presentSummary(byId.get(id)!)),
      };
    }),
  };
}

async function categoryNames(q: Queryable, codes: string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const r = await q.query<{ code: string; name: string }>(
    'select distinct on (code) code, name from categories where code = any($1::text[]) order by code, taxonomy_version_id desc',
    [codes],
  );
  return new Map(r.rows.map((c) => [c.code, c.name]));
}
