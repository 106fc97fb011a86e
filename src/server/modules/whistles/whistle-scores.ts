import type { Queryable } from '../../db/client.ts';

/**
 * 一哨一考核 as one figure per unit and period, 0–100: the mean of the three marks (timeliness of
 * report-in, attitude, effectiveness, each 1–5) over every rating the streets gave the unit in the
 * period, as a share of the top mark. A revised rating counts with its revised marks; one still
 * contested counts as given until the district decides. Units without a rating get none, so their
 * composite stays the hotline composite.
 */
export async function whistleScoresFor(q: Queryable, unitIds: number[], range: { start: Date; end: Date }): Promise<Map<number, number>> {
  const r = await q.query<{ unit_id: number; mean: number }>(
    `select unit_id, avg((timeliness + attitude + effectiveness) / 3.0)::float8 as mean
     from whistle_ratings where unit_id = any($1::int[]) and created_at >= $2 and created_at < $3
     group by unit_id`,
    [unitIds, range.start, range.end],
  );
  return new Map(r.rows.map((row) => [row.unit_id, Math.round((row.mean / 5) * 10_000) / 100]));
}
