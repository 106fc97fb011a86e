import { z } from '@hono/zod-openapi';
import type { Queryable } from '../../db/client.ts';
import type { OrgChangeRow } from './org-tables.ts';

export type ChangeAction = 'created' | 'updated' | 'deactivated' | 'reactivated' | 'password_reset';

/** The fields of `after` that differ from `before`, each side holding only those: the history shows what changed, not the whole record. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of Object.keys(after)) {
    if (JSON.stringify(before[k] ?? null) === JSON.stringify(after[k] ?? null)) continue;
    b[k] = before[k] ?? null;
    a[k] = after[k] ?? null;
  }
  return Object.keys(a).length ? { before: b, after: a } : null;
}

export async function recordChange(
  q: Queryable,
  c: { kind: 'user' | 'unit'; subjectId: number; at: Date; actorId: number | null; action: ChangeAction; before?: Record<string, unknown>; after?: Record<string, unknown> },
): Promise<void> {
  await insertChange(q, 'org_changes', c);
}

/** The tables of reference-data history, all of one shape: subject, when, who, action, the fields before and after. */
export type ChangeTable = 'org_changes' | 'geo_changes';

export async function insertChange(
  q: Queryable,
  table: ChangeTable,
  c: { kind: string; subjectId: number; at: Date; actorId: number | null; action: string; before?: Record<string, unknown>; after?: Record<string, unknown> },
): Promise<void> {
  await q.query(`insert into ${table}(subject_kind, subject_id, at, actor_id, action, before, after) values ($1, $2, $3, $4, $5, $6, $7)`, [
    c.kind,
    c.subjectId,
    c.at,
    c.actorId,
    c.action,
    JSON.stringify(c.before ?? {}),
    JSON.stringify(c.after ?? {}),
  ]);
}

export const OrgChange = z
  .object({
    id: z.number(),
    at: z.string(),
    action: z.string(),
    actor: z.string().nullable(),
    actorName: z.string().nullable(),
    before: z.record(z.string(), z.unknown()),
    after: z.record(z.string(), z.unknown()),
  })
  .openapi('OrgChange');
export type OrgChange = z.infer<typeof OrgChange>;

/** A user's or unit's changes, newest first, with who made them. */
export function listChanges(q: Queryable, kind: 'user' | 'unit', subjectId: number, f: { before?: number; limit: number }): Promise<OrgChange[]> {
  return changesOf(q, 'org_changes', kind, subjectId, f);
}

export async function changesOf(q: Queryable, table: ChangeTable, kind: string, subjectId: number, f: { before?: number; limit: number }): Promise<OrgChange[]> {
  const rows = await q.query<OrgChangeRow & { actor: string | null; actor_name: string | null }>(
    `select c.*, u.username as actor, u.display_name as actor_name from ${table} c left join users u on u.id = c.actor_id
      where c.subject_kind = $1 and c.subject_id = $2 and ($3::bigint is null or c.id < $3) order by c.id desc limit $4`,
    [kind, subjectId, f.before ?? null, f.limit],
  );
  return rows.rows.map((r) => ({ id: Number(r.id), at: r.at.toISOString(), action: r.action, actor: r.actor, actorName: r.actor_name, before: r.before, after: r.after }));
}
