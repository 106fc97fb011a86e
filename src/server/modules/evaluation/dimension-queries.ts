import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { catchUp } from './evaluation-consumer.ts';
import { evaluatedUnitFor } from './evaluation-access.ts';
import { addMonths, periodBounds, policyFor, policyKindOf, type PolicyVersion } from './evaluation-policy.ts';
import { loadPolicies } from './evaluation-rollups.ts';
import { shanghaiDate } from '../deadlines/calendar.ts';
import { rates, round, type Counts } from './evaluation-scoring.ts';
import { currentDimensionMap } from './dimension-commands.ts';
import { DIMENSIONS, dimensionsOf, familyOf, indexEntries, type Dimension } from './dimension-map.ts';
import type { UnitRow } from './evaluation-tables.ts';

/**
 * 七有/五性 figures for a place (a district, or a street or township) and period; for a department
 * or enterprise, of the orders it leads. Volume is the orders received in the period in the place; the rates are over the callbacks that count in the
 * period (the evaluation's results, one per order), so exclusions, merges and appeals apply. An
 * order counts in every dimension its category maps to, so dimensions do not add up to the total.
 */

export type DimensionFigures = Counts & { volume: number; responseRate: number; resolutionRate: number; satisfactionRate: number };
export type DimensionRow = DimensionFigures & { key: Dimension; family: 'sevenHaves' | 'fiveQualities' };
export type PlaceRow = { unitId: number; name: string; nameEn: string | null; dims: Record<Dimension, DimensionFigures> };

type CatAgg = { category: string | null; place: number | null; period: string; volume: number } & Counts;

const placeFor = (ctx: Ctx, unitId: number): Promise<UnitRow> => evaluatedUnitFor(ctx.db, ctx.actor, unitId);

const placeColumn = (unit: UnitRow) =>
  unit.kind === 'district' ? 'o.district_id' : unit.kind === 'street' || unit.kind === 'township' ? 'o.street_id' : 'o.lead_unit_id';

/**
 * The kept counts' place of a unit (evaluation_volume_daily, evaluation_dim_results), as placeColumn;
 * 'district_street' is a district's orders by street.
 */
type KeptPlace = 'district' | 'district_street' | 'street' | 'lead';
const keptPlace = (unit: UnitRow): KeptPlace => (unit.kind === 'district' ? 'district' : unit.kind === 'street' || unit.kind === 'township' ? 'street' : 'lead');

/** Per period, street and category: volume and the counted callbacks, from the kept counts. */
async function aggregate(q: Queryable, place: KeptPlace, unitId: number, periods: { period: string; start: Date; end: Date }[]): Promise<CatAgg[]> {
  // Periods follow each other (each starts where the one before ended): one range of the key, each
  // day put in its period by the periods' first days.
  const starts = periods.map((p) => shanghaiDate(p.start));
  const volume = await q.query<{ i: number; category: string; place: number; n: string }>(
    `select width_bucket(day, $3::date[]) as i, category, street_id as place, sum(n) as n
       from evaluation_volume_daily
      where place = $1 and unit_id = $2 and day >= $4::date and day < $5::date and category <> ''
      group by 1, 2, 3`,
    [place, unitId, starts, starts[0], shanghaiDate(periods[periods.length - 1].end)],
  );
  const res = await q.query<{ period: string; category: string; place: number; n: string; c: string; so: string; sa: string; ba: string }>(
    `select period, category, street_id as place, sum(valid_callbacks) as n, sum(contacted) as c, sum(solved) as so, sum(satisfied) as sa, sum(basically_satisfied) as ba
       from evaluation_dim_results where place = $1 and unit_id = $2 and period = any($3::text[])
      group by 1, 2, 3`,
    [place, unitId, periods.map((p) => p.period)],
  );
  const zero = { validCallbacks: 0, contacted: 0, solved: 0, satisfied: 0, basicallySatisfied: 0, volume: 0 };
  const out = new Map<string, CatAgg>();
  const at = (period: string, category: string | null, place: number | null) => {
    const k = `${period}|${category}|${place}`;
    let a = out.get(k);
    if (!a) out.set(k, (a = { period, category, place, ...zero }));
    return a;
  };
  for (const r of volume.rows) at(periods[r.i - 1].period, r.category, Number(r.place) || null).volume += Number(r.n);
  for (const r of res.rows) {
    const a = at(r.period, r.category, Number(r.place) || null);
    a.validCallbacks += Number(r.n);
    a.contacted += Number(r.c);
    a.solved += Number(r.so);
    a.satisfied += Number(r.sa);
    a.basicallySatisfied += Number(r.ba);
  }
  return [...out.values()];
}

function figures(c: Counts & { volume: number }, credit: number): DimensionFigures {
  const r = rates(c, { basicallySatisfiedCredit: credit });
  return { ...c, responseRate: round(r.responseRate, 4), resolutionRate: round(r.resolutionRate, 4), satisfactionRate: round(r.satisfactionRate, 4) };
}

/** Sums category rows into dimensions under the mapping. */
function byDimension(rows: CatAgg[], byCode: ReturnType<typeof indexEntries>, credit: number): Record<Dimension, DimensionFigures> {
  const sums = Object.fromEntries(DIMENSIONS.map((d) => [d, { volume: 0, validCallbacks: 0, contacted: 0, solved: 0, satisfied: 0, basicallySatisfied: 0 }])) as Record<
    Dimension,
    Counts & { volume: number }
  >;
  for (const r of rows) {
    for (const d of dimensionsOf(r.category, byCode)) {
      const s = sums[d];
      s.volume += r.volume;
      s.validCallbacks += r.validCallbacks;
      s.contacted += r.contacted;
      s.solved += r.solved;
      s.satisfied += r.satisfied;
      s.basicallySatisfied += r.basicallySatisfied;
    }
  }
  return Object.fromEntries(DIMENSIONS.map((d) => [d, figures(sums[d], credit)])) as Record<Dimension, DimensionFigures>;
}

function spansFor(versions: PolicyVersion[], unit: UnitRow, period: string, months: number) {
  const kind = policyKindOf(unit.kind)!;
  return Array.from({ length: months }, (_, i) => {
    const p = addMonths(period, i - months + 1);
    return { period: p, ...periodBounds(versions, kind, p) };
  });
}

export async function getDimensions(ctx: Ctx, unitId: number, period: string, months = 12) {
  const unit = await placeFor(ctx, unitId);
  await catchUp(ctx);
  const versions = await loadPolicies(ctx.db);
  const map = await currentDimensionMap(ctx.db);
  const byCode = indexEntries(map.entries);
  const credit = policyFor(versions, policyKindOf(unit.kind)!, period).rules.basicallySatisfiedCredit;
  const spans = spansFor(versions, unit, period, months);
  const rows = await aggregate(ctx.db, keptPlace(unit), unit.id, spans);
  const now = rows.filter((r) => r.period === period);
  const dims = byDimension(now, byCode, credit);
  const trend = spans.map((s) => ({ period: s.period, dims: byDimension(rows.filter((r) => r.period === s.period), byCode, credit) }));
  let places: PlaceRow[] = [];
  if (unit.kind === 'district') {
    const streets = (
      await ctx.db.query<UnitRow>(`select id, name, name_en from units where kind in ('street','township') and district_id = $1 and active order by id`, [unit.id])
    ).rows;
    const byStreet = await aggregate(ctx.db, 'district_street', unit.id, spans.slice(-1));
    places = streets.map((s) => ({ unitId: s.id, name: s.name, nameEn: s.name_en, dims: byDimension(byStreet.filter((r) => r.place === s.id), byCode, credit) }));
  }
  const { start, end } = spans[spans.length - 1];
  return {
    unitId: unit.id,
    unitKind: unit.kind,
    period,
    periodStart: start.toISOString(),
    periodEnd: end.toISOString(),
    mapVersion: map.version,
    items: DIMENSIONS.map((d) => ({ key: d, family: familyOf(d), ...dims[d] })),
    trend,
    places,
  };
}

/** The orders behind a dimension's figures: those received in the period in the place whose category maps to it. */
export async function dimensionOrders(ctx: Ctx, input: { unitId: number; period: string; dimension: Dimension; after?: number; limit?: number }) {
  const unit = await placeFor(ctx, input.unitId);
  await catchUp(ctx);
  const versions = await loadPolicies(ctx.db);
  const byCode = indexEntries((await currentDimensionMap(ctx.db)).entries);
  const { start, end } = periodBounds(versions, policyKindOf(unit.kind)!, input.period);
  const cats = (await ctx.db.query<{ code: string }>('select distinct code from categories')).rows.map((r) => r.code).filter((c) => dimensionsOf(c, byCode).includes(input.dimension));
  const limit = Math.min(input.limit ?? 50, 200);
  const rows = (
    await ctx.db.query<{ id: number; code: string; title: string; status: string; category: string | null; received_at: Date; contacted: boolean | null; solved: boolean | null; satisfaction: string | null }>(
      `select o.id, o.code, o.title, o.status, o.category, o.received_at, r.contacted, r.solved, r.satisfaction
         from work_orders o
         left join lateral (select contacted, solved, satisfaction from evaluation_order_results x
                             where x.order_id = o.id and x.period = $5 and x.weight > 0 order by x.weight desc, x.callback_id desc limit 1) r on true
        where ${placeColumn(unit)} = $1 and o.received_at >= $2 and o.received_at < $3 and o.category = any($4::text[]) and o.id > $6
        order by o.id limit $7`,
      [unit.id, start, end, cats, input.period, input.after ?? 0, limit + 1],
    )
  ).rows;
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      orderId: Number(r.id),
      code: r.code,
      title: r.title,
      status: r.status,
      category: r.category,
      receivedAt: r.received_at.toISOString(),
      contacted: r.contacted,
      solved: r.solved,
      satisfaction: r.satisfaction,
    })),
    next: rows.length > limit ? Number(page[page.length - 1].id) : null,
  };
}

export type DimensionsView = Awaited<ReturnType<typeof getDimensions>>;
export type DimensionOrdersPage = Awaited<ReturnType<typeof dimensionOrders>>;
