import type { Queryable } from '../../db/client.ts';
import type { Ctx, RoleGrant } from '../../lib/ctx.ts';
import { scheduleTimers, cancelTimers, type TimerInput } from '../deadlines/deadline-handlers.ts';
import { notifyMany } from '../notifications/notify-many.ts';
import type { SummonsRow, WhistlePolicyRow, WhistleRow } from './whistle-tables.ts';

export const REPORT_IN = 'report_in';
const TYPE_ZH: Record<string, string> = { routine: '日常哨', key_task: '重点哨', hard_problem: '攻坚哨', emergency: '应急哨' };
export const typeZh = (t: string) => TYPE_ZH[t] ?? t;
export const whistleLink = (id: number) => `/console/whistles/${id}`;

/** Summons rows, their report-in timers (a reminder `warn_before_minutes` ahead, and the deadline) and one event per unit. */
export async function scheduleReportIns(
  tx: Queryable, ctx: Ctx, w: WhistleRow, policy: WhistlePolicyRow, units: { unitId: number; source: SummonsRow['source'] }[], dueAt: Date, grant: RoleGrant | null,
): Promise<SummonsRow[]> {
  const now = ctx.now();
  const rows = (
    await tx.query<SummonsRow>(
      `insert into whistle_summons(whistle_id, unit_id, source, status, due_at, created_at)
       select $1, u, s, 'pending', $4, $5 from unnest($2::int[], $3::text[]) as t(u, s) returning *`,
      [w.id, units.map((u) => u.unitId), units.map((u) => u.source), dueAt, now],
    )
  ).rows;
  const warnAt = new Date(dueAt.getTime() - policy.warn_before_minutes * 60_000);
  const timers: TimerInput[] = rows.flatMap((s) => [
    ...(warnAt > now ? [{ subjectId: s.id, stage: REPORT_IN, kind: 'warn' as const, fireAt: warnAt }] : []),
    { subjectId: s.id, stage: REPORT_IN, kind: 'due' as const, fireAt: dueAt },
  ]);
  await scheduleTimers(tx, REPORT_IN, timers);
  await tx.query(
    `insert into whistle_events(whistle_id, type, action, actor_id, actor_role, actor_unit_id, unit_id, at, data)
     select $1, 'whistle.unit_summoned', 'summon', $2, $3, $4, s.unit_id, $5, jsonb_build_object('summonsId', s.id, 'dueAt', s.due_at, 'source', s.source)
       from whistle_summons s where s.id = any($6::bigint[])`,
    [w.id, ctx.actor && ctx.actor.userId > 0 ? ctx.actor.userId : null, grant?.role ?? null, grant?.unitId ?? null, now, rows.map((r) => r.id)],
  );
  return rows;
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
