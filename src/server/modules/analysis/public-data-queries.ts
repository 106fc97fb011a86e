import type { Queryable } from '../../db/client.ts';
import { addDays, shanghaiDate, shanghaiMidnight } from '../deadlines/calendar.ts';
import { addMonths } from '../evaluation/evaluation-policy.ts';
import { computeRanking } from '../evaluation/evaluation-queries.ts';
import { listUnitFeatures } from '../routing/geo/geo-features.ts';

/**
 * Public data: aggregates only. No order, name, phone, address or text leaves here; a request is
 * shown as a count on its grid's centre, and a grid with fewer than MIN_CELL requests in the month
 * is left out, so a lone request cannot be singled out on the map.
 */
export const MIN_CELL = 3;

/** The month before the one `now` lies in (Shanghai): the last whole month, the default to publish. */
export function lastWholeMonth(now: Date): string {
  return addMonths(shanghaiDate(now).slice(0, 7), -1);
}

function monthRange(month: string): { start: Date; end: Date; from: string; to: string } {
  const from = `${month}-01`;
  const next = `${addMonths(month, 1)}-01`;
  return { start: shanghaiMidnight(from), end: shanghaiMidnight(next), from, to: addDays(next, -1) };
}

type Count = { key: string | number; name: string; nameEn: string | null; count: number };

async function byStreet(q: Queryable, start: Date, end: Date): Promise<Count[]> {
  const r = await q.query<{ id: number; name: string; name_en: string | null; n: number }>(
    `select u.id, u.name, u.name_en, count(o.id)::int as n from units u
       left join work_orders o on o.street_id = u.id and o.received_at >= $1 and o.received_at < $2
      where u.kind in ('street','township') and u.active group by u.id order by n desc, u.code`,
    [start, end],
  );
  return r.rows.map((x) => ({ key: x.id, name: x.name, nameEn: x.name_en, count: x.n }));
}

async function byCategory(q: Queryable, start: Date, end: Date, streetId: number | null): Promise<Count[]> {
  const r = await q.query<{ code: string; name: string; name_en: string | null; n: number }>(
    `with c as (select split_part(o.category, '.', 1) as code, count(*)::int as n from work_orders o
                 where o.received_at >= $1 and o.received_at < $2 and o.category is not null and ($3::int is null or o.street_id = $3) group by 1)
     select c.code, coalesce(k.name, c.code) as name, k.name_en, c.n from c
       left join lateral (select name, name_en from categories where code = c.code order by taxonomy_version_id desc limit 1) k on true
      order by c.n desc, c.code`,
    [start, end, streetId],
  );
  return r.rows.map((x) => ({ key: x.code, name: x.name, nameEn: x.name_en, count: x.n }));
}

/** The month's figures for the public page. */
export async function publicData(q: Queryable, month: string) {
  const { start, end, from, to } = monthRange(month);
  const [streets, categories, ranking, grids, outlines] = await Promise.all([
    byStreet(q, start, end),
    byCategory(q, start, end, null),
    computeRanking(q, 'streets', month),
    q.query<{ id: number; name: string; lon: number; lat: number; n: number }>(
      `select g.id, g.name, g.centroid_lon as lon, g.centroid_lat as lat, count(*)::int as n
         from work_orders o join units g on g.id = o.grid_id
        where o.received_at >= $1 and o.received_at < $2 and g.centroid_lon is not null
        group by g.id having count(*) >= ${MIN_CELL}`,
      [start, end],
    ),
    listUnitFeatures(q, { kind: 'street' }),
  ]);
  return {
    month,
    from,
    to,
    total: streets.reduce((a, s) => a + s.count, 0),
    byStreet: streets,
    byCategory: categories,
    rates: ranking.items.map((i) => ({ unitId: i.unitId, name: i.name, nameEn: i.nameEn, rank: i.rank, responseRate: i.responseRate, resolutionRate: i.resolutionRate, satisfactionRate: i.satisfactionRate, compositeScore: i.compositeScore, validCallbacks: i.validCallbacks })),
    map: { minCell: MIN_CELL, grids: grids.rows.map((g) => ({ gridId: g.id, name: g.name, lon: g.lon, lat: g.lat, count: g.n })) },
    outlines: { type: 'FeatureCollection' as const, features: outlines },
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** 通报: a street's month in a few sentences, from the same aggregates as the page. */
export async function publicNotice(q: Queryable, streetId: number, month: string) {
  const { start, end, from, to } = monthRange(month);
  const before = monthRange(addMonths(month, -1));
  const unit = (await q.query<{ name: string }>(`select name from units where id = $1 and kind in ('street','township')`, [streetId])).rows[0];
  if (!unit) return null;
  const count = async (s: Date, e: Date) => (await q.query<{ n: number }>('select count(*)::int as n from work_orders where street_id = $1 and received_at >= $2 and received_at < $3', [streetId, s, e])).rows[0].n;
  const [n, previous, categories, ranking] = await Promise.all([count(start, end), count(before.start, before.end), byCategory(q, start, end, streetId), computeRanking(q, 'streets', month)]);
  const ranked = ranking.items.filter((i) => i.rank !== null);
  const me = ranking.items.find((i) => i.unitId === streetId);
  const [y, m] = month.split('-').map(Number);
  const change = previous ? `，较上月${n >= previous ? '增加' : '减少'}${Math.abs(n - previous)}件（${n >= previous ? '+' : '−'}${pct(Math.abs(n - previous) / previous)}）` : '';
  const top = categories.slice(0, 3).map((c) => `${c.name}${c.count}件`).join('、');
  const lines = [
    `${y}年${m}月，${unit.name}共受理群众诉求${n}件${change}。`,
    top ? `诉求较多的类别：${top}。` : '本月无分类诉求。',
    me && me.validCallbacks > 0
      ? `响应率${pct(me.responseRate)}，解决率${pct(me.resolutionRate)}，满意率${pct(me.satisfactionRate)}，综合成绩${me.compositeScore.toFixed(2)}分${me.rank !== null ? `，在${ranked.length}个街道（乡镇）中排名第${me.rank}位` : '（回访量不足，不参与排名）'}。`
      : '本月暂无有效回访，三率不予计算。',
  ];
  return { streetId, streetName: unit.name, month, from, to, received: n, previousMonth: previous, topCategories: categories.slice(0, 3), text: lines.join('') };
}
