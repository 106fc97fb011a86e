import type { Queryable } from '../../db/client.ts';
import type { Ctx, RoleGrant } from '../../lib/ctx.ts';
import { cancelTimers } from '../deadlines/deadline-handlers.ts';
import { notifyMany } from '../notifications/notify-many.ts';
import type { SummonsRow, WhistlePolicyRow, WhistleRow } from './whistle-tables.ts';

export const REPORT_IN = 'report_in';
const TYPE_ZH: Record<string, string> = { routine: '日常哨', key_task: '重点哨', hard_problem: '攻坚哨', emergency: '应急哨' };
export const typeZh = (t: string) => TYPE_ZH[t] ?? t;
export const whistleLink = (id: number) => `/console/whistles/${id}`;

/**
 * Summons rows, their report-in timers (a reminder `warn_before_minutes` ahead, and the deadline)
 * and one event per unit, in one statement: blowing a whistle is a busy call.
 */
export async function scheduleReportIns(
  tx: Queryable, ctx: Ctx, w: WhistleRow, policy: WhistlePolicyRow, units: { unitId: number; source: SummonsRow['source'] }[], dueAt: Date, grant: RoleGrant | null,
): Promise<SummonsRow[]> {
  const now = ctx.now();
  const warnAt = new Date(dueAt.getTime() - policy.warn_before_minutes * 60_000);
  return (
    await tx.query<SummonsRow>(
      `with s as (
         insert into whistle_summons(whistle_id, unit_id, source, status, due_at, created_at)
         select $1, u, src, 'pending', $4, $5 from unnest($2::int[], $3::text[]) with ordinality as t(u, src, ord) order by ord returning *),
       d as (
         insert into deadlines(subject_kind, subject_id, stage, kind, fire_at)
         select '${REPORT_IN}', s.id, '${REPORT_IN}', k.kind, k.at from s,
                (values ('warn', $6::timestamptz), ('due', $4::timestamptz)) as k(kind, at) where k.kind = 'due' or $6::timestamptz > $5),
       e as (
         insert into whistle_events(whistle_id, type, action, actor_id, actor_role, actor_unit_id, unit_id, at, data)
         select $1, 'whistle.unit_summoned', 'summon', $7, $8, $9, s.unit_id, $5, jsonb_build_object('summonsId', s.id, 'dueAt', s.due_at, 'source', s.source) from s)
       select * from s order by id`,
      [w.id, units.map((u) => u.unitId), units.map((u) => u.source), dueAt, now, warnAt,
        ctx.actor && ctx.actor.userId > 0 ? ctx.actor.userId : null, grant?.role ?? null, grant?.unitId ?? null],
    )
  ).rows;
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
