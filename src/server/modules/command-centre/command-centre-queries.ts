import type { Db } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import { shanghaiDate, shanghaiMidnight } from '../deadlines/calendar.ts';
import type { Status } from '../work-orders/work-order-workflow.ts';
import { VIA, visibilityClause } from '../work-orders/work-order-access.ts';
import { currentDue } from '../work-orders/work-order-presenter.ts';
import { boardScope, type BoardScope } from './command-centre-scope.ts';
import { dayTotals, dispatchedSince } from './day-totals.ts';
import { catchUpAnalysis } from '../analysis/analysis-consumer.ts';
import { rangeOf } from '../analysis/volume-rollup.ts';
import { boardRates, boardWhistles } from './board-extras.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { OPEN_PART, rangeWhere, openFromCounts, openFromOrders, type BoardRange } from './board-open.ts';

export const TREND_DAYS = 30;
/** The grid map colours the last week, today included. */
export const GRID_DAYS = 7;
const LIST_LIMIT = 50;

type OpenOrder = {
  id: number;
  code: string;
  title: string;
  status: Status;
  urgency: string;
  street_id: number | null;
  street_name: string | null;
  lead_unit_name: string | null;
  lon: number | null;
  lat: number | null;
  received_at: Date;
  due_dispatch_at: Date | null;
  due_sign_at: Date | null;
  due_contact_at: Date | null;
  due_feedback_at: Date | null;
  overdue_stages: string[];
};

/**
 * The range of the analysis daily counts that holds exactly the board's orders: the viewer's own
 * for its whole territory; for one street, the street's territory rows when the viewer sees all of
 * that street (its own staff, its district, the centre). Otherwise null, and the orders are counted:
 * at ten million orders that is a scan of a month's intake probing the visibility of each (minutes).
 */
async function boardRange(db: Db, actor: Actor, scope: BoardScope): Promise<BoardRange | null> {
  const own = rangeOf(actor);
  if (scope.kind !== 'street' || !own) return own;
  if (own.via === VIA.city) return { unitId: scope.unitId!, via: VIA.street };
  if (own.unitId === scope.unitId && (own.via & VIA.street) !== 0) return { unitId: own.unitId, via: VIA.street };
  if ((own.via & VIA.district) !== 0) {
    const r = await db.query<{ d: number | null }>('select district_id as d from units where id = $1', [scope.unitId]);
    if (r.rows[0]?.d === own.unitId) return { unitId: scope.unitId!, via: VIA.street };
  }
  return null;
}

/**
 * Everything the command centre shows, in one answer: today's intake, dispatched, closed and
 * overdue; open orders by status; the top categories and a 30-day trend; counts per area for the
 * map; open emergency orders and the overdue list. When the board is one range of the visibility
 * index (boardRange), its figures come from kept counts (the analysis daily counts, the open
 * orders' work_order_counts) and its lists from work_orders' open indexes; otherwise the orders
 * are counted. Finished days come from a short-lived per-day memo (day-totals.ts).
 */
export async function commandCentreSummary(ctx: Ctx, streetId?: number) {
  const { db, actor } = ctx as { db: Db; actor: Actor };
  const now = ctx.now();
  const scope = await boardScope(db, actor, streetId);
  const base: unknown[] = [];
  const vis = visibilityClause(actor, base);
  let where = `(${vis})`;
  if (scope.kind === 'street') where += ` and o.street_id = $${base.push(scope.unitId)}`;
  const today = shanghaiDate(now);
  const dayStart = shanghaiMidnight(today);
  const p = (...extra: unknown[]) => [...base, ...extra];
  const n = base.length;
  const range = await boardRange(db, actor, scope);
  // The analysis daily counts answer once they have read the log to its end; else the orders are counted.
  const counts = range && (await catchUpAnalysis(db, now)) ? range : null;
  // The lists walk work_orders' open indexes (emergencies, overdue) filtered by the board's range.
  const listParams: unknown[] = range ? [] : p();
  const listWhere = range ? rangeWhere(range, listParams) : where;

  const [days, gridDays, dispatched, figures, emergencies, overdue, evaluation, whistles] = await Promise.all([
    dayTotals(db, { where, params: base, areaColumn: scope.areaColumn, key: `${where}|${JSON.stringify(base)}|${scope.areaColumn}`, counts }, today, TREND_DAYS, now.getTime()),
    dayTotals(db, { where, params: base, areaColumn: 'grid_id', key: `${where}|${JSON.stringify(base)}|grid_id`, counts }, today, GRID_DAYS, now.getTime()),
    counts
      ? dispatchedSince(db, counts, today)
      : db.query<{ n: number }>(`select count(*)::int as n from work_orders o where o.dispatched_at >= $${n + 1} and ${where}`, p(dayStart)).then((r) => r.rows[0].n),
    range ? openFromCounts(db, range, scope) : openFromOrders(db, where, base, scope.areaColumn),
    openOrders(db, `o.urgency = 'emergency' and ${OPEN_PART} and ${listWhere}`, listParams, 'o.received_at desc, o.id desc'),
    openOrders(db, `cardinality(o.overdue_stages) > 0 and ${OPEN_PART} and ${listWhere}`, listParams, 'o.received_at, o.id'),
    boardRates(ctx, scope),
    boardWhistles(db, ctx, scope),
  ]);

  const { byStatus, overdueOpen, emergencyOpen, openByArea } = figures;
  const todayTotals = days[days.length - 1].t;
  const windowCategories: Record<string, number> = {};
  const windowAreas: Record<string, number> = {};
  for (const { t } of days) {
    for (const [k, v] of Object.entries(t.byCategory)) windowCategories[k] = (windowCategories[k] ?? 0) + v;
    for (const [k, v] of Object.entries(t.byArea)) windowAreas[k] = (windowAreas[k] ?? 0) + v;
  }
  const top = Object.entries(windowCategories).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10);

  return {
    at: now.toISOString(),
    date: today,
    scope: { kind: scope.kind, unitId: scope.unitId, name: scope.name },
    today: {
      received: todayTotals.received,
      dispatched,
      closed: todayTotals.closed,
      overdueOpen,
      open: Object.values(byStatus).reduce((a, b) => a + b, 0),
      emergencyOpen,
    },
    byStatus,
    categories: await categoryNames(db, top),
    trend: days.map(({ date, t }) => ({ date, received: t.received, closed: t.closed })),
    areas: await areas(db, scope, todayTotals.byArea, windowAreas, openByArea),
    grids: gridVolume(gridDays),
    rates: evaluation.rates,
    ranking: evaluation.ranking,
    whistles,
    emergencies: emergencies.map(present),
    overdue: overdue.map(present),
  };
}

export type CommandCentreSummary = Awaited<ReturnType<typeof commandCentreSummary>>;

/** Orders taken in per grid over the last GRID_DAYS days and today, for the grid map. */
function gridVolume(days: { date: string; t: { byArea: Record<string, number> } }[]) {
  const week: Record<string, number> = {};
  for (const { t } of days) for (const [k, v] of Object.entries(t.byArea)) week[k] = (week[k] ?? 0) + v;
  const today = days[days.length - 1].t.byArea;
  return { days: days.length, from: days[0].date, items: Object.entries(week).map(([id, count]) => ({ id: Number(id), count, today: today[id] ?? 0 })) };
}

async function openOrders(db: Db, where: string, params: unknown[], order: string): Promise<OpenOrder[]> {
  const r = await db.query<OpenOrder>(
    `select o.id, o.code, o.title, o.status, o.urgency, o.street_id, s.name as street_name, l.name as lead_unit_name, o.lon, o.lat, o.received_at,
       o.due_dispatch_at, o.due_sign_at, o.due_contact_at, o.due_feedback_at, o.overdue_stages
     from work_orders o left join units s on s.id = o.street_id left join units l on l.id = o.lead_unit_id
     where ${where} order by ${order} limit ${LIST_LIMIT}`,
    params,
  );
  return r.rows;
}

function present(o: OpenOrder) {
  const due = currentDue(o);
  return {
    id: Number(o.id),
    code: o.code,
    title: o.title,
    status: o.status,
    urgency: o.urgency,
    streetId: o.street_id,
    streetName: o.street_name,
    leadUnitName: o.lead_unit_name,
    lon: o.lon,
    lat: o.lat,
    receivedAt: new Date(o.received_at).toISOString(),
    due: due ? { stage: due.stage, at: new Date(due.at).toISOString() } : null,
    overdueStages: o.overdue_stages,
  };
}

async function categoryNames(db: Db, top: [string, number][]) {
  if (!top.length) return [];
  const r = await db.query<{ code: string; name: string; name_en: string | null }>(
    `select distinct on (code) code, name, name_en from categories where code = any($1::text[]) order by code, taxonomy_version_id desc`,
    [top.map(([c]) => c)],
  );
  const names = new Map(r.rows.map((x) => [x.code, x]));
  return top.map(([code, count]) => ({ code, name: names.get(code)?.name ?? code, nameEn: names.get(code)?.name_en ?? null, count }));
}

async function areas(db: Db, scope: BoardScope, today: Record<string, number>, window: Record<string, number>, open: Record<string, number>) {
  const r = await db.query<{ id: number; name: string; name_en: string | null }>(
    scope.areaKind === 'street'
      ? `select id, name, name_en from units where kind in ('street','township') and active and ($1::int is null or parent_id = $1) order by code`
      : `select id, name, name_en from units where kind = 'community' and active and parent_id = $1 order by code`,
    [scope.areaParentId],
  );
  return {
    kind: scope.areaKind,
    parentId: scope.areaParentId,
    items: r.rows.map((u) => ({ id: u.id, name: u.name, nameEn: u.name_en, today: today[u.id] ?? 0, window: window[u.id] ?? 0, open: open[u.id] ?? 0 })),
  };
}
