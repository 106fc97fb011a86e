import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { notFound } from '../../lib/errors.ts';
import { assertSupervisor } from './evaluation-access.ts';
import { catchUp } from './evaluation-consumer.ts';
import type { Group } from './evaluation-policy.ts';
import { computeRanking, visibleUnitIds, type RankingItem } from './evaluation-queries.ts';
import type { SnapshotRow } from './evaluation-tables.ts';
import { audit } from './policy-commands.ts';

/** Published rankings: frozen copies of a league table, each later version with its difference from the one before. */

export type SnapshotDiff = { unitId: number; name: string; field: 'rank' | 'compositeScore' | 'validCallbacks' | 'listed'; before: unknown; after: unknown };

export function diffRankings(before: RankingItem[], after: RankingItem[]): SnapshotDiff[] {
  const old = new Map(before.map((i) => [i.unitId, i]));
  const out: SnapshotDiff[] = [];
  for (const a of after) {
    const b = old.get(a.unitId);
    if (!b) {
      out.push({ unitId: a.unitId, name: a.name, field: 'listed', before: null, after: a.rank });
      continue;
    }
    for (const field of ['rank', 'compositeScore', 'validCallbacks'] as const) {
      if (b[field] !== a[field]) out.push({ unitId: a.unitId, name: a.name, field, before: b[field], after: a[field] });
    }
  }
  return out;
}

const present = (r: SnapshotRow) => ({
  id: r.id,
  group: r.grp,
  period: r.period,
  version: r.version,
  items: r.items as RankingItem[],
  diff: r.diff as SnapshotDiff[],
  reason: r.reason,
  publishedAt: r.published_at,
});

/**
 * Freezes the ranking as it stands now. A new version is written only when it differs from the last
 * published one; otherwise the last one is returned as it is.
 */
export async function publishIn(tx: Queryable, ctx: Ctx, group: Group, period: string, reason: string | null) {
  const live = await computeRanking(tx, group, period);
  const last = (
    await tx.query<SnapshotRow>('select * from evaluation_ranking_snapshots where grp = $1 and period = $2 order by version desc limit 1 for update', [group, period])
  ).rows[0];
  const diff = last ? diffRankings(last.items as RankingItem[], live.items) : [];
  if (last && diff.length === 0) return { ...present(last), created: false };
  const row = (
    await tx.query<SnapshotRow>(
      `insert into evaluation_ranking_snapshots(grp, period, version, items, diff, reason, published_by, published_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning *`,
      [group, period, (last?.version ?? 0) + 1, JSON.stringify(live.items), JSON.stringify(diff), reason, ctx.actor && ctx.actor.userId > 0 ? ctx.actor.userId : null, ctx.now()],
    )
  ).rows[0];
  await audit(tx, ctx, 'ranking.published', `ranking:${group}:${period}`, { version: row.version, reason, changes: diff.length });
  return { ...present(row), created: true };
}

export async function publishRanking(ctx: Ctx, group: Group, period: string, reason: string | null) {
  assertSupervisor(ctx.actor);
  await catchUp(ctx);
  return ctx.db.transaction((tx) => publishIn(tx, ctx, group, period, reason));
}

/** After a decided appeal: every published table of the period that shows the unit gets a new version. */
export async function republishAfterAppeal(tx: Queryable, ctx: Ctx, period: string, appealId: number): Promise<number> {
  const groups = (await tx.query<{ grp: Group }>('select distinct grp from evaluation_ranking_snapshots where period = $1', [period])).rows;
  let n = 0;
  for (const g of groups) if ((await publishIn(tx, ctx, g.grp, period, `appeal:${appealId}`)).created) n++;
  return n;
}

export async function listSnapshots(ctx: Ctx, group: Group, period: string) {
  const rows = (
    await ctx.db.query<SnapshotRow>('select * from evaluation_ranking_snapshots where grp = $1 and period = $2 order by version', [group, period])
  ).rows;
  return Promise.all(rows.map((r) => visibleSnapshot(ctx, r)));
}

export async function getSnapshot(ctx: Ctx, id: number) {
  const row = (await ctx.db.query<SnapshotRow>('select * from evaluation_ranking_snapshots where id = $1', [id])).rows[0];
  if (!row) throw notFound('ranking snapshot', id);
  return visibleSnapshot(ctx, row);
}

async function visibleSnapshot(ctx: Ctx, r: SnapshotRow) {
  const s = present(r);
  const visible = await visibleUnitIds(ctx, s.items.map((i) => i.unitId));
  return { ...s, items: s.items.filter((i) => visible.has(i.unitId)), diff: s.diff.filter((d) => visible.has(d.unitId)) };
}
