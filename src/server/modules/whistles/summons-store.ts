import type { Queryable } from '../../db/client.ts';
import type { Ctx, RoleGrant } from '../../lib/ctx.ts';
import { cancelTimers } from '../deadlines/deadline-handlers.ts';
import { notifyMany } from '../notifications/notify-many.ts';
import type { SummonsRow, WhistlePolicyRow, WhistleRow } from './whistle-tables.ts';

export const REPORT_IN = 'report_in';
export const TYPE_ZH: Record<string, string> = { routine: '日常哨', key_task: '重点哨', hard_problem: '攻坚哨', emergency: '应急哨' };
export const typeZh = (t: string) => TYPE_ZH[t] ?? t;
export const whistleLink = (id: number) => `/console/whistles/${id}`;

export type SummonsSpec = { unitId: number; source: SummonsRow['source']; stationed?: number[] };

/**
 * Summons rows (`s`), their report-in timers (`sd`: a reminder `warn_before_minutes` ahead, and the
 * deadline) and one event per unit (`se`), as CTEs for whistle `whistleId` (an SQL expression), so
 * blowing a whistle writes everything in one statement. Parameters from $p on: see summonsParams.
 * `after` names a CTE whose rows must be written first (the 'blown' event, so the log reads in order).
 */
export function summonsCtes(whistleId: string, p: number, after?: string): string {
  const [units, sources, stationed, due, now, warn, actor, role, unit] = Array.from({ length: 9 }, (_, i) => `$${p + i}`);
  return `s as (
         insert into whistle_summons(whistle_id, unit_id, source, stationed_staff_ids, status, due_at, created_at)
         select ${whistleId}, u, src, coalesce(string_to_array(nullif(st, ''), ',')::int[], '{}'), 'pending', ${due}, ${now}
           from unnest(${units}::int[], ${sources}::text[], ${stationed}::text[]) with ordinality as t(u, src, st, ord) order by ord returning *),
       sd as (
         insert into deadlines(subject_kind, subject_id, stage, kind, fire_at)
         select '${REPORT_IN}', s.id, '${REPORT_IN}', k.kind, k.at from s,
                (values ('warn', ${warn}::timestamptz), ('due', ${due}::timestamptz)) as k(kind, at) where k.kind = 'due' or ${warn}::timestamptz > ${now}),
       se as (
         insert into whistle_events(whistle_id, type, action, actor_id, actor_role, actor_unit_id, unit_id, at, data)
         select s.whistle_id, 'whistle.unit_summoned', 'summon', ${actor}, ${role}, ${unit}, s.unit_id, ${now},
                jsonb_build_object('summonsId', s.id, 'dueAt', s.due_at, 'source', s.source, 'stationedStaffIds', to_jsonb(s.stationed_staff_ids))
           from s${after ? `, (select count(*) from ${after}) as after_it` : ''} order by s.id)`;
}

export function summonsParams(ctx: Ctx, policy: WhistlePolicyRow, units: SummonsSpec[], dueAt: Date, grant: RoleGrant | null): unknown[] {
  const now = ctx.now();
  return [units.map((u) => u.unitId), units.map((u) => u.source), units.map((u) => (u.stationed ?? []).join(',')), dueAt, now,
    new Date(dueAt.getTime() - policy.warn_before_minutes * 60_000), ctx.actor && ctx.actor.userId > 0 ? ctx.actor.userId : null, grant?.role ?? null, grant?.unitId ?? null];
}

/** Summons more units on a whistle already blown. */
export async function scheduleReportIns(
  tx: Queryable, ctx: Ctx, w: WhistleRow, policy: WhistlePolicyRow, units: SummonsSpec[], dueAt: Date, grant: RoleGrant | null,
): Promise<SummonsRow[]> {
  return (await tx.query<SummonsRow>(`with ${summonsCtes('$1::bigint', 2)} select * from s order by id`, [w.id, ...summonsParams(ctx, policy, units, dueAt, grant)])).rows;
}

export async function cancelReportInTimers(tx: Queryable, summonsIds: number[]): Promise<void> {
  if (summonsIds.length) await cancelTimers(tx, REPORT_IN, summonsIds);
}

/** 新哨: every summoned unit's staff are told, with the deadline. */
export async function tellSummoned(tx: Queryable, ctx: Ctx, w: WhistleRow, unitIds: number[], dueAt: Date): Promise<void> {
  const due = dueAt.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  await notifyMany(tx, ctx, unitIds.map((u) => ({
    kind: 'whistle.summoned', subjectKind: 'whistle', subjectId: w.id, unitIds: [u],
    title: { zh: `${typeZh(w.type)}召集：${w.title}`, en: `Whistle (${w.type}) summons your unit: ${w.title}` },
    body: { zh: `请于 ${due} 前报到。`, en: `Report in by ${dueAt.toISOString()}.` },
    link: whistleLink(w.id), data: { whistleId: w.id, unitId: u, dueAt },
  })));
}
