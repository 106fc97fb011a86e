import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { AppError } from '../../lib/errors.ts';
import { notify } from '../notifications/notify.ts';
import { transitionWhistle } from './whistle-transition.ts';
import { checkSummoned, units } from './blow-whistle.ts';
import { dueForWhistle } from './whistle-policy.ts';
import { cancelReportInTimers, scheduleReportIns, tellSummoned, whistleLink } from './summons-store.ts';
import { photoInsertSql, storeWhistlePhotos } from './whistle-photos.ts';
import { leaderReportIn, needsDualReportIn } from './leader-report-in.ts';
import type { WhistleActionInputs as In } from './whistle-schemas.ts';
import type { SummonsRow, WhistlePolicyRow, WhistleRow } from './whistle-tables.ts';

async function summonsOf(tx: Queryable, whistleId: number, unitId: number | null): Promise<SummonsRow | undefined> {
  return (await tx.query<SummonsRow>('select * from whistle_summons where whistle_id = $1 and unit_id = $2 for update', [whistleId, unitId])).rows[0];
}

/**
 * The summons a caller answers for: its own unit's, or — the street acting for stationed staff it
 * dispatched — the named department's (the only one dispatched when none is named).
 */
async function answeringFor(tx: Queryable, w: WhistleRow, grantUnit: number | null, onBehalf: boolean, unitId: number | undefined, statuses: SummonsRow['status'][]): Promise<SummonsRow> {
  if (!onBehalf) return (await summonsOf(tx, w.id, grantUnit))!;
  const rows = (await tx.query<SummonsRow>(
    `select * from whistle_summons where whistle_id = $1 and source = 'stationed' and status = any($2::text[]) and ($3::int is null or unit_id = $3) order by id for update`,
    [w.id, statuses, unitId ?? null],
  )).rows;
  if (rows.length === 1) return rows[0];
  if (!rows.length) throw noSuchSummons(unitId ?? 0);
  throw new AppError('validation_failed', 'Several departments were dispatched through stationed staff: name the one (unitId).', { field: 'unitId' }, '本哨调度了多个部门的派驻人员，请选择报到的部门。');
}

const noSuchSummons = (unitId: number) =>
  new AppError('invalid_transition', `Unit ${unitId} is not summoned by this whistle or is already done.`, { unitId }, '该单位未被本哨召集，或已办结。');

/** 报到: acknowledges, names who comes and, on site, where and when they arrived; lateness is measured here too. */
export function reportIn(ctx: Ctx, id: number, input: In['report_in']): Promise<WhistleRow> {
  return transitionWhistle(ctx, id, 'report_in', input.version, async (tx, w, _f, grant, onBehalf) => {
    const s = await answeringFor(tx, w, grant.unitId, onBehalf, input.unitId, ['pending']);
    const now = ctx.now();
    let lateMinutes = now > s.due_at ? Math.ceil((now.getTime() - s.due_at.getTime()) / 60_000) : null;
    const arrived = input.lon !== undefined && input.lat !== undefined;
    if (w.on_site && !arrived) {
      throw new AppError('validation_failed', 'An on-site whistle needs the arrival position (lon, lat).', { field: 'lon' }, '现场哨报到须记录到场位置。');
    }
    let person = input.person;
    let dual: Awaited<ReturnType<typeof leaderReportIn>> | null = null;
    if (await needsDualReportIn(tx, w, s)) {
      dual = await leaderReportIn(tx, ctx, s, input.leaderPost, input.person, lateMinutes);
      ({ person, lateMinutes } = dual);
    } else if (input.leaderPost) {
      throw new AppError('validation_failed', 'Only the district leaders summoned by a 攻坚哨 report in by post.', { field: 'leaderPost' }, '仅攻坚哨召集的区领导按职务“双报到”。');
    }
    const leader = dual ? { leaderPost: input.leaderPost, leaderPerson: input.person, outstanding: dual.outstanding } : {};
    const data = { summonsId: s.id, person: input.person, onBehalf, dueAt: s.due_at, ...leader };
    // 双报到 half done: the summons stays pending, its deadline running, until the other post reports in.
    if (dual && !dual.complete) return { unitId: s.unit_id, data: { ...data, late: now > s.due_at, lateMinutes: null, complete: false } };
    await tx.query(
      `update whistle_summons set status = 'reported', reported_at = $2, reported_by = $3, person = $4, late = late or $5, late_minutes = $6,
              arrived_at = $7, arrived_lon = $8, arrived_lat = $9 where id = $1`,
      [s.id, now, ctx.actor!.userId, person, lateMinutes !== null, lateMinutes, arrived ? now : null, input.lon ?? null, input.lat ?? null],
    );
    await cancelReportInTimers(tx, [s.id]);
    return { unitId: s.unit_id, data: { ...data, late: lateMinutes !== null, lateMinutes, arrival: arrived ? { at: now, lon: input.lon, lat: input.lat } : null } };
  });
}

export async function recordAction(ctx: Ctx, id: number, input: In['record_action']): Promise<WhistleRow> {
  const photos = await storeWhistlePhotos(ctx.db, input.photos);
  return transitionWhistle(ctx, id, 'record_action', input.version, async (tx, w, _f, grant, onBehalf) => {
    const s = await answeringFor(tx, w, grant.unitId, onBehalf, input.unitId, ['reported', 'acted']);
    const at = ctx.now();
    await tx.query(
      `with a as (insert into whistle_actions(whistle_id, summons_id, unit_id, text, created_by, created_at) values ($1, $2, $3, $4, $5, $6) returning id),
            u as (update whistle_summons set status = 'acted' where id = $2)
       ${photoInsertSql('$1', '(select id from a)', { files: 7, by: 5, at: 6 })}`,
      [w.id, s.id, s.unit_id, input.text, ctx.actor!.userId, at, JSON.stringify(photos)]);
    return { unitId: s.unit_id, data: { summonsId: s.id, text: input.text, onBehalf, photos: photos.length } };
  });
}

export function releaseUnit(ctx: Ctx, id: number, input: In['release']): Promise<WhistleRow> {
  return transitionWhistle(ctx, id, 'release', input.version, async (tx, w) => {
    const s = await summonsOf(tx, w.id, input.unitId);
    if (!s || s.status === 'acted' || s.status === 'released') throw noSuchSummons(input.unitId);
    await tx.query(`update whistle_summons set status = 'released', released_at = $2, release_reason = $3 where id = $1`, [s.id, ctx.now(), input.reason]);
    await cancelReportInTimers(tx, [s.id]);
    return { unitId: s.unit_id, reason: input.reason, data: { summonsId: s.id, statusBefore: s.status } };
  });
}

/** Summons more units later (the street, or the district after an escalation), on the whistle's own policy. */
export function summonMore(ctx: Ctx, id: number, input: In['summon']): Promise<WhistleRow> {
  return transitionWhistle(ctx, id, 'summon', input.version, async (tx, w, facts, grant) => {
    const dup = input.unitIds.find((u) => facts.summons.some((s) => s.unitId === u));
    if (dup) throw new AppError('conflict', `Unit ${dup} is already summoned.`, { unitId: dup }, '该单位已被召集。');
    checkSummoned(await units(tx, input.unitIds), w.type, { id: w.street_id, district_id: w.district_id }, input.unitIds);
    const policy = (await tx.query<WhistlePolicyRow>('select * from whistle_policies where id = $1', [w.policy_id])).rows[0];
    const dueAt = await dueForWhistle(tx, policy, w.type, ctx.now());
    const source = grant.role === 'district_supervisor' ? ('district' as const) : ('added' as const);
    await scheduleReportIns(tx, ctx, w, policy, input.unitIds.map((u) => ({ unitId: u, source })), dueAt, grant);
    await tellSummoned(tx, ctx, w, input.unitIds, dueAt);
    return { data: { unitIds: input.unitIds, dueAt } };
  });
}

/** 提级: the response is not enough; the district takes up coordination and may summon more. */
export function escalateWhistle(ctx: Ctx, id: number, input: In['escalate']): Promise<WhistleRow> {
  return transitionWhistle(ctx, id, 'escalate', input.version, async (tx, w) => {
    if (w.district_id) {
      await notify(tx, ctx, {
        kind: 'whistle.escalated', subjectKind: 'whistle', subjectId: w.id, unitIds: [w.district_id], roles: ['district_supervisor'],
        title: { zh: `哨提级至区：${w.title}`, en: `Whistle escalated to the district: ${w.title}` },
        body: { zh: input.reason, en: input.reason }, link: whistleLink(w.id),
      });
    }
    return { to: 'escalated', patch: { escalated_at: ctx.now() }, reason: input.reason, unitId: w.district_id };
  });
}

/** 结哨, only when 事不完、人不撤 is satisfied (the table's guard); linked orders keep their own course. */
export function closeWhistle(ctx: Ctx, id: number, input: In['close']): Promise<WhistleRow> {
  return transitionWhistle(ctx, id, 'close', input.version, async (tx, w) => {
    const left = (await tx.query<{ id: number }>(`select id from whistle_summons where whistle_id = $1`, [w.id])).rows.map((r) => r.id);
    await cancelReportInTimers(tx, left);
    return { to: 'closed', patch: { closed_at: ctx.now(), result: input.result ?? null }, data: { result: input.result ?? null } };
  });
}
