import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { AppError } from '../../lib/errors.ts';
import { assertSupervisor } from './evaluation-access.ts';
import { audit } from './policy-commands.ts';
import { DimensionEntries, entriesDiff, type DimensionEntry } from './dimension-map.ts';
import type { DimensionMapRow } from './evaluation-tables.ts';

/** The 七有/五性 mapping as versioned data: the latest version is in force, the others are its history. */

export type DimensionMap = { version: number; entries: DimensionEntry[]; note: string | null; createdBy: number | null; createdAt: string };

const toMap = (r: DimensionMapRow): DimensionMap => ({
  version: r.version,
  entries: DimensionEntries.parse(r.entries),
  note: r.note,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
});

export async function currentDimensionMap(q: Queryable): Promise<DimensionMap> {
  const r = (await q.query<DimensionMapRow>('select * from evaluation_dimension_maps order by version desc limit 1')).rows[0];
  return r ? toMap(r) : { version: 0, entries: [], note: null, createdBy: null, createdAt: new Date(0).toISOString() };
}

/** Every version, newest first, each with what it changed against the one before. */
export async function dimensionMapHistory(q: Queryable) {
  const rows = (await q.query<DimensionMapRow>('select * from evaluation_dimension_maps order by version')).rows.map(toMap);
  return rows.map((m, i) => ({ ...m, changes: entriesDiff(i ? rows[i - 1].entries : [], m.entries) })).reverse();
}

/**
 * Saves a new version. `baseVersion` must be the version the editor started from, so two editors
 * do not overwrite each other; every code must name a category of some taxonomy version.
 */
export async function saveDimensionMap(ctx: Ctx, input: { baseVersion: number; entries: DimensionEntry[]; note?: string }) {
  assertSupervisor(ctx.actor);
  const entries = [...input.entries].sort((a, b) => a.categoryCode.localeCompare(b.categoryCode));
  return ctx.db.transaction(async (tx) => {
    await tx.query('lock table evaluation_dimension_maps in share row exclusive mode');
    const before = await currentDimensionMap(tx);
    if (before.version !== input.baseVersion) {
      throw new AppError(
        'version_conflict',
        `The mapping is at version ${before.version}, not ${input.baseVersion}; reload and edit again.`,
        { currentVersion: before.version },
        `映射已更新至第 ${before.version} 版，请刷新后再编辑。`,
      );
    }
    const codes = entries.map((e) => e.categoryCode);
    const known = new Set((await tx.query<{ code: string }>('select distinct code from categories where code = any($1::text[])', [codes])).rows.map((r) => r.code));
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length) {
      throw new AppError('validation_failed', `Unknown category codes: ${unknown.slice(0, 10).join(', ')}`, { field: 'entries', unknown }, `分类编码不存在：${unknown.slice(0, 10).join('、')}`);
    }
    const version = before.version + 1;
    const row = (
      await tx.query<DimensionMapRow>(
        'insert into evaluation_dimension_maps(version, entries, note, created_by, created_at) values ($1, $2, $3, $4, $5) returning *',
        [version, JSON.stringify(entries), input.note ?? null, ctx.actor && ctx.actor.userId > 0 ? ctx.actor.userId : null, ctx.now()],
      )
    ).rows[0];
    const changes = entriesDiff(before.entries, entries);
    await audit(tx, ctx, 'dimension_map.saved', 'dimension_map', { version, changes });
    return { ...toMap(row), changes };
  });
}

export type DimensionMapHistory = Awaited<ReturnType<typeof dimensionMapHistory>>;
