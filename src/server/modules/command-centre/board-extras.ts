import type { Db } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { catchUp } from '../evaluation/evaluation-consumer.ts';
import { addMonths, periodOf } from '../evaluation/evaluation-policy.ts';
import { computeRanking, type RankingItem } from '../evaluation/evaluation-queries.ts';
import { loadPolicies } from '../evaluation/evaluation-rollups.ts';
import { listWhistles } from '../whistles/whistle-queries.ts';
import type { BoardScope } from './command-centre-scope.ts';

export type Rates = { responseRate: number; resolutionRate: number; satisfactionRate: number; compositeScore: number; validCallbacks: number };
const NONE: Rates = { responseRate: 0, resolutionRate: 0, satisfactionRate: 0, compositeScore: 0, validCallbacks: 0 };
const RANKED_SHOWN = 5;

/** Weighted by valid callbacks, as the rates themselves are: the centre's rates over its districts. */
function pool(items: RankingItem[]): Rates {
  const n = items.reduce((a, i) => a + i.validCallbacks, 0);
  if (!n) return NONE;
  const w = (k: 'responseRate' | 'resolutionRate' | 'satisfactionRate' | 'compositeScore') => Math.round((items.reduce((a, i) => a + i[k] * i.validCallbacks, 0) / n) * 10_000) / 10_000;
  return { responseRate: w('responseRate'), resolutionRate: w('resolutionRate'), satisfactionRate: w('satisfactionRate'), compositeScore: w('compositeScore'), validCallbacks: n };
}

const ratesOf = (i: RankingItem | undefined): Rates =>
  i ? { responseRate: i.responseRate, resolutionRate: i.resolutionRate, satisfactionRate: i.satisfactionRate, compositeScore: i.compositeScore, validCallbacks: i.validCallbacks } : NONE;

// Rankings are computed from every unit's rollups: the board keeps them a minute rather than on
// every refresh. The evaluation consumer runs every 2 s in the server; when this process's own
// catch-up applies events, everything kept is dropped, so a board never shows older than that.
const KEEP_MS = 60_000;
const kept = new WeakMap<object, Map<string, { at: number; v: Awaited<ReturnType<typeof computeBoardRates>> }>>();

export async function boardRates(ctx: Ctx, scope: BoardScope) {
  const applied = await catchUp(ctx);
  let memo = kept.get(ctx.db);
  if (!memo || applied > 0) kept.set(ctx.db, (memo = new Map()));
  const key = `${scope.kind}|${scope.unitId}`;
  const nowMs = ctx.now().getTime();
  const hit = memo.get(key);
  if (hit && nowMs - hit.at < KEEP_MS && nowMs >= hit.at) return hit.v;
  const v = await computeBoardRates(ctx, scope);
  memo.set(key, { at: nowMs, v });
  return v;
}

/**
 * The three rates of the board's territory this period and the period before, and the league
 * table of its streets (top and bottom), read through the evaluation module's ranking: a street
 * is ranked among the streets of its district, as the district publishes them.
 */
async function computeBoardRates(ctx: Ctx, scope: BoardScope) {
  const districtId = scope.unitId === null ? null : ((await ctx.db.query<{ d: number | null }>(`select case when kind = 'district' then id else district_id end as d from units where id = $1`, [scope.unitId])).rows[0]?.d ?? null);
  const versions = await loadPolicies(ctx.db);
  const own = scope.kind === 'street' ? 'streets' : 'districts';
  const period = periodOf(versions, own === 'streets' ? 'street' : 'district', ctx.now());
  const previous = addMonths(period, -1);
  const [now, before] = [await computeRanking(ctx.db, own, period), await computeRanking(ctx.db, own, previous)];
  const pick = (items: RankingItem[]) => (scope.unitId === null ? pool(items) : ratesOf(items.find((i) => i.unitId === scope.unitId)));
  const streetPeriod = periodOf(versions, 'street', ctx.now());
  const streets = own === 'streets' && streetPeriod === period ? now : await computeRanking(ctx.db, 'streets', streetPeriod);
  const inDistrict = districtId === null ? null : new Set((await ctx.db.query<{ id: number }>(`select id from units where district_id = $1 and kind in ('street','township')`, [districtId])).rows.map((r) => r.id));
  const ranked = streets.items.filter((i) => i.rank !== null && (!inDistrict || inDistrict.has(i.unitId))).sort((a, b) => a.rank! - b.rank!);
  const row = (i: RankingItem, position: number) => ({ unitId: i.unitId, name: i.name, nameEn: i.nameEn, rank: position, compositeScore: i.compositeScore, rankChange: i.rankChange, lagging: i.lagging });
  const rows = ranked.map((i, k) => row(i, k + 1));
  return {
    rates: { period, previousPeriod: previous, current: pick(now.items), previous: pick(before.items) },
    ranking: {
      period: streetPeriod,
      total: rows.length,
      top: rows.slice(0, RANKED_SHOWN),
      bottom: rows.length > RANKED_SHOWN ? rows.slice(Math.max(RANKED_SHOWN, rows.length - RANKED_SHOWN)) : [],
      own: scope.kind === 'street' ? (rows.find((r) => r.unitId === scope.unitId) ?? null) : null,
    },
  };
}

type ReportIn = { status: string; dueAt: string; late: boolean };

/** Open whistles the viewer may see, with the deadline of the next report-in still awaited. */
export async function boardWhistles(db: Db, ctx: Ctx, scope: BoardScope) {
  const { items } = await listWhistles(db, ctx.actor!, { status: 'open', streetId: scope.kind === 'street' ? scope.unitId! : undefined, limit: 20 }, ctx.now());
  return items.map((w) => {
    const x = w as unknown as { id: number; title: string; status: string; streetName: string; createdAt: string | Date; reportIns: ReportIn[] };
    const waiting = x.reportIns.filter((r) => r.status === 'pending' || r.status === 'late');
    const next = waiting.map((r) => r.dueAt).sort()[0] ?? null;
    return {
      id: Number(x.id),
      title: x.title,
      status: x.status,
      streetName: x.streetName,
      createdAt: new Date(x.createdAt).toISOString(),
      waiting: waiting.length,
      dueAt: next,
      late: waiting.some((r) => r.late),
    };
  });
}
