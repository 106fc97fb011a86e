import { z } from '@hono/zod-openapi';
import type { Ctx } from '../../lib/ctx.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { notify } from '../notifications/notify.ts';
import { assertSupervisor, canSeeUnit, loadUnit } from './evaluation-access.ts';
import { catchUp, lockCheckpoint } from './evaluation-consumer.ts';
import { periodOf, policyFor, policyKindOf } from './evaluation-policy.ts';
import { scoreOf } from './evaluation-queries.ts';
import { loadPolicies, loadUnitKinds, rejudgeOrders } from './evaluation-rollups.ts';
import type { AppealRow, CallbackFactRow, RollupRow } from './evaluation-tables.ts';
import { audit } from './policy-commands.ts';
import { republishAfterAppeal } from './ranking-snapshots.ts';

const Satisfaction = z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']);

export const AppealInput = z
  .object({
    callbackId: z.number().int().positive(),
    unitId: z.number().int().positive().optional().openapi({ description: 'The appealing unit, when the caller holds roles in several' }),
    reason: z.string().trim().min(2).max(2000),
    outcome: z.enum(['invalidate', 'correct']),
    corrected: z.object({ contacted: z.boolean(), solved: z.boolean(), satisfaction: Satisfaction }).optional(),
  })
  .refine((a) => a.outcome !== 'correct' || !!a.corrected, { message: 'a correction names the corrected answers', path: ['corrected'] })
  .openapi('AppealInput');

export const AppealDecision = z.object({ approve: z.boolean(), note: z.string().trim().min(2).max(2000) }).openapi('AppealDecision');

/**
 * A unit that had a part in a valid callback contests its result within the policy's window
 * (days after the callback). The figures do not move until the hotline supervisor decides.
 */
export async function fileAppeal(ctx: Ctx, input: z.infer<typeof AppealInput>): Promise<AppealRow> {
  await catchUp(ctx);
  return ctx.db.transaction(async (tx) => {
    const fact = (await tx.query<CallbackFactRow>('select * from evaluation_callback_facts where callback_id = $1', [input.callbackId])).rows[0];
    if (!fact) throw notFound('callback', input.callbackId);
    const parties = [fact.lead_unit_id, ...fact.co_handler_unit_ids].filter((u): u is number => u !== null);
    const mine = ctx.actor?.grants.filter((g) => g.unitId !== null && parties.includes(g.unitId) && ['street_staff', 'department_staff', 'district_supervisor'].includes(g.role)) ?? [];
    const grant = input.unitId ? mine.find((g) => g.unitId === input.unitId) : mine[0];
    if (!grant) throw forbidden('Only a unit that had a part in this callback may appeal it.', '仅参与该工单办理的单位可对回访结果提出申诉。');
    const unitId = grant.unitId!;
    if (!fact.valid) throw new AppError('invalid_transition', 'Only a valid callback counts, so only a valid one can be appealed.', { callbackId: fact.callback_id }, '无效回访不计入考评，无需申诉。');
    const unit = (await loadUnit(tx, unitId))!;
    const versions = await loadPolicies(tx);
    const kind = policyKindOf(unit.kind)!;
    const period = periodOf(versions, kind, fact.at);
    const days = policyFor(versions, kind, period).rules.appealWindowDays;
    const closes = new Date(new Date(fact.at).getTime() + days * 86_400_000);
    if (ctx.now() > closes) {
      throw new AppError('invalid_transition', `The appeal window (${days} days after the callback) closed at ${closes.toISOString()}.`, { closesAt: closes, days }, `申诉期（回访后 ${days} 天）已过。`);
    }
    const pending = await tx.query('select 1 from evaluation_appeals where callback_id = $1 and status = $2', [fact.callback_id, 'pending']);
    if (pending.rows.length) throw new AppError('conflict', 'This callback already has an appeal waiting for a decision.', { callbackId: fact.callback_id }, '该回访已有待审核的申诉。');
    const row = (
      await tx.query<AppealRow>(
        `insert into evaluation_appeals(callback_id, order_id, unit_id, period, reason, outcome, corrected, status, filed_by, filed_at)
         values ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9) returning *`,
        [fact.callback_id, fact.order_id, unitId, period, input.reason, input.outcome, input.corrected ? JSON.stringify(input.corrected) : null, ctx.actor!.userId, ctx.now()],
      )
    ).rows[0];
    await audit(tx, ctx, 'appeal.filed', `appeal:${row.id}`, { callbackId: fact.callback_id, orderId: fact.order_id, unitId, outcome: input.outcome });
    const centre = (await tx.query<{ id: number }>(`select id from units where kind = 'hotline_centre'`)).rows.map((r) => r.id);
    await notify(tx, ctx, {
      kind: 'evaluation.appeal_filed',
      subjectKind: 'evaluation',
      subjectId: row.id,
      unitIds: centre,
      roles: ['hotline_supervisor'],
      title: { zh: `${unit.name}对回访结果提出申诉`, en: `${unit.name_en ?? unit.name} appealed a callback result` },
      link: `/console/evaluation/appeals`,
    });
    return row;
  });
}

/**
 * The supervisor's decision. An approved appeal re-judges the order at once and, where the period's
 * ranking was published, publishes a new version with the difference; the audit entry keeps the
 * unit's figures before and after.
 */
export async function decideAppeal(ctx: Ctx, id: number, input: z.infer<typeof AppealDecision>) {
  assertSupervisor(ctx.actor);
  await catchUp(ctx);
  return ctx.db.transaction(async (tx) => {
    await lockCheckpoint(tx);
    const appeal = (await tx.query<AppealRow>('select * from evaluation_appeals where id = $1 for update', [id])).rows[0];
    if (!appeal) throw notFound('appeal', id);
    if (appeal.status !== 'pending') throw new AppError('invalid_transition', `Appeal ${id} was already decided (${appeal.status}).`, { status: appeal.status }, '该申诉已审核。');
    const versions = await loadPolicies(tx);
    const unit = (await loadUnit(tx, appeal.unit_id))!;
    const figures = async () =>
      scoreOf(unit, appeal.period, (await tx.query<RollupRow>('select * from evaluation_rollups where period = $1 and unit_id = $2', [appeal.period, unit.id])).rows[0], versions, null);
    const before = await figures();
    const status = input.approve ? 'approved' : 'rejected';
    const updated = (
      await tx.query<AppealRow>('update evaluation_appeals set status = $2, decided_by = $3, decided_at = $4, decision_note = $5 where id = $1 returning *', [
        id, status, ctx.actor!.userId, ctx.now(), input.note,
      ])
    ).rows[0];
    let republished = 0;
    if (input.approve) {
      await rejudgeOrders(tx, [appeal.order_id], versions, await loadUnitKinds(tx));
      republished = await republishAfterAppeal(tx, ctx, appeal.period, id);
    }
    const after = await figures();
    await audit(tx, ctx, 'appeal.decided', `appeal:${id}`, {
      status,
      note: input.note,
      unitId: unit.id,
      period: appeal.period,
      before: { compositeScore: before.compositeScore, validCallbacks: before.validCallbacks, solved: before.solved, satisfied: before.satisfied },
      after: { compositeScore: after.compositeScore, validCallbacks: after.validCallbacks, solved: after.solved, satisfied: after.satisfied },
      republished,
    });
    await notify(tx, ctx, {
      kind: 'evaluation.appeal_decided',
      subjectKind: 'evaluation',
      subjectId: id,
      unitIds: [unit.id],
      title: input.approve ? { zh: '回访申诉已通过', en: 'Callback appeal approved' } : { zh: '回访申诉未通过', en: 'Callback appeal rejected' },
      body: { zh: input.note, en: input.note },
      link: `/console/evaluation/appeals`,
    });
    return { ...updated, before, after, republished };
  });
}

export async function listAppeals(ctx: Ctx, filter: { status?: string; unitId?: number }) {
  const rows = (
    await ctx.db.query<AppealRow & { unit_name: string; district_id: number | null; order_code: string }>(
      `select a.*, u.name as unit_name, u.district_id, o.code as order_code
         from evaluation_appeals a join units u on u.id = a.unit_id join work_orders o on o.id = a.order_id
        where ($1::text is null or a.status = $1) and ($2::int is null or a.unit_id = $2)
        order by a.id desc limit 500`,
      [filter.status ?? null, filter.unitId ?? null],
    )
  ).rows;
  return rows.filter((r) => canSeeUnit(ctx.actor, { id: r.unit_id, district_id: r.district_id }));
}
