import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import { forbidden } from '../../lib/errors.ts';

/** Which districts the caller coordinates: its own as district supervisor, every one as citywide staff. */
function districtsOf(actor: Actor): number[] | null {
  if (actor.grants.some((g) => g.role === 'admin' || g.role === 'hotline_supervisor')) return null;
  const d = actor.grants.filter((g) => g.role === 'district_supervisor' && g.unitId !== null).map((g) => g.unitId!);
  if (!d.length) throw forbidden('The coordination platform is for the district.', '区级统筹平台仅对区级开放。');
  return d;
}

/**
 * 区级统筹平台: each street's whistle rate (whistles per 1,000 work orders) against the others —
 * far below means the mechanism goes unused, far above that routine work is failing — and each
 * summoned unit's load across streets.
 */
export async function whistleStats(q: Queryable, actor: Actor, now: Date) {
  const districts = districtsOf(actor);
  const streets = (await q.query<{ streetId: number; streetName: string; whistles: number; open: number; workOrders: number }>(
    `select s.id as "streetId", s.name as "streetName",
            (select count(*)::int from whistles w where w.street_id = s.id) as whistles,
            (select count(*)::int from whistles w where w.street_id = s.id and w.status <> 'closed') as open,
            (select count(*)::int from work_orders o where o.street_id = s.id) as "workOrders"
       from units s where s.kind in ('street','township') and s.active and ($1::int[] is null or s.district_id = any($1::int[])) order by s.code`,
    [districts],
  )).rows;
  const rates = streets.filter((s) => s.workOrders > 0).map((s) => (1000 * s.whistles) / s.workOrders);
  const median = rates.length ? [...rates].sort((a, b) => a - b)[Math.floor(rates.length / 2)] : 0;
  const byStreet = streets.map((s) => {
    const rate = s.workOrders > 0 ? Math.round((10_000 * s.whistles) / s.workOrders) / 10 : null;
    // three times off the median either way, with enough orders to judge
    const alert = rate === null || s.workOrders < 20 || median === 0 ? null : rate < median / 3 ? 'low' : rate > median * 3 ? 'high' : null;
    return { ...s, rate, alert };
  });
  const units = (await q.query(
    `select u.id as "unitId", u.name as "unitName",
            count(*) filter (where s.status in ('pending','reported') and w.status <> 'closed')::int as "openSummons",
            count(distinct w.street_id) filter (where w.status <> 'closed')::int as "streets",
            count(*) filter (where s.late or (s.status = 'pending' and s.due_at < $2))::int as "lateReportIns",
            count(*) filter (where s.status = 'pending' and s.due_at < $2 and w.status <> 'closed')::int as "lateNow",
            round(avg(extract(epoch from (s.reported_at - s.created_at)) / 60) filter (where s.reported_at is not null))::int as "avgReportInMinutes",
            (select count(*)::int from whistle_supervisions ws where ws.unit_id = u.id) as "supervisions",
            (select ws.note from whistle_supervisions ws where ws.unit_id = u.id and ws.kind = 'priority' order by ws.id desc limit 1) as "priority"
       from whistle_summons s join whistles w on w.id = s.whistle_id join units u on u.id = s.unit_id
      where $1::int[] is null or w.district_id = any($1::int[])
      group by u.id, u.name order by "openSummons" desc, "lateReportIns" desc`,
    [districts, now],
  )).rows;
  return { medianRate: Math.round(median * 10) / 10, streets: byStreet, units: withOverSummoned(units as { openSummons: number }[]) };
}

/**
 * A unit is over-summoned when it holds at least three open summons and more than twice the median
 * of the units summoned in the district: the district then sets which whistles it answers first.
 */
export function withOverSummoned<T extends { openSummons: number }>(units: T[]): (T & { overSummoned: boolean })[] {
  const open = units.map((u) => u.openSummons).sort((a, b) => a - b);
  const median = open.length ? open[Math.floor(open.length / 2)] : 0;
  return units.map((u) => ({ ...u, overSummoned: u.openSummons >= 3 && u.openSummons > 2 * median }));
}
