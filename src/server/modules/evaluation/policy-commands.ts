import { z } from '@hono/zod-openapi';
import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { AppError, forbidden } from '../../lib/errors.ts';
import { lockCheckpoint } from './evaluation-consumer.ts';
import { Month, POLICY_KINDS, PolicyRules } from './evaluation-policy.ts';
import { runRejudge, startRejudge } from './rejudge-jobs.ts';
import { loadPolicies } from './evaluation-rollups.ts';

export const PolicyInput = z
  .object({
    unitKind: z.enum(POLICY_KINDS),
    validFrom: Month.openapi({ example: '2026-07', description: 'First period (the month it ends in) the version applies to' }),
    rules: PolicyRules,
    note: z.string().max(500).optional(),
  })
  .openapi('EvaluationPolicyInput');

export async function listPolicies(ctx: Ctx) {
  return loadPolicies(ctx.db);
}

export async function audit(tx: Queryable, ctx: Ctx, kind: string, subject: string, data: Record<string, unknown>): Promise<void> {
  await tx.query('insert into evaluation_audit(at, actor_id, kind, subject, data) values ($1, $2, $3, $4, $5)', [
    ctx.now(),
    ctx.actor && ctx.actor.userId > 0 ? ctx.actor.userId : null,
    kind,
    subject,
    JSON.stringify(data),
  ]);
}

/**
 * Publishes a new version for a unit kind from `validFrom` on. The version in force before it ends
 * where the new one starts; a version starting at or after `validFrom` already exists would
 * overlap, so it is refused. Every order is then judged again, because the period, the reopen rule
 * or the co-handler share may have changed: in batches (rejudge-jobs.ts), before answering when
 * there are at most `inlineLimit` orders, else in the background with its progress in `rejudge`.
 */
export async function createPolicyVersion(ctx: Ctx, input: z.infer<typeof PolicyInput>, opts: { inlineLimit?: number } = {}) {
  const created = await publishVersion(ctx, input);
  let rejudge = created.rejudge;
  if (rejudge.total <= (opts.inlineLimit ?? INLINE_LIMIT)) rejudge = await runRejudge(ctx, rejudge.id);
  else {
    void runRejudge(ctx, rejudge.id).catch((e: unknown) => ctx.log.error('evaluation re-judging failed; the consumer resumes it', { error: (e as Error).message }));
  }
  return { ...created, rejudge, rejudgedOrders: rejudge.done };
}

/** Small databases are judged again before the answer, so the figures shown next are final. */
const INLINE_LIMIT = 2000;

async function publishVersion(ctx: Ctx, input: z.infer<typeof PolicyInput>) {
  if (!ctx.actor?.grants.some((g) => g.role === 'admin' || g.role === 'hotline_supervisor')) {
    throw forbidden('Only administrators and hotline supervisors edit the evaluation policy.', '仅管理员和热线值班长可修改考评规则。');
  }
  return ctx.db.transaction(async (tx) => {
    await lockCheckpoint(tx);
    const latest = (
      await tx.query<{ id: number; version: number; valid_from: string }>(
        'select id, version, valid_from from evaluation_policies where unit_kind = $1 order by valid_from desc limit 1 for update',
        [input.unitKind],
      )
    ).rows[0];
    if (latest && latest.valid_from >= input.validFrom) {
      throw new AppError(
        'conflict',
        `A version for ${input.unitKind} already starts at ${latest.valid_from}; a new version must start after it.`,
        { field: 'validFrom', latestValidFrom: latest.valid_from },
        `该类单位已有自 ${latest.valid_from} 起生效的版本，新版本须晚于该月生效。`,
      );
    }
    if (latest) await tx.query('update evaluation_policies set valid_to = $2 where id = $1', [latest.id, input.validFrom]);
    const version = (latest?.version ?? 0) + 1;
    const row = (
      await tx.query<{ id: number }>(
        `insert into evaluation_policies(unit_kind, version, valid_from, rules, note, created_by, created_at) values ($1, $2, $3, $4, $5, $6, $7) returning id`,
        [input.unitKind, version, input.validFrom, JSON.stringify(input.rules), input.note ?? null, ctx.actor!.userId, ctx.now()],
      )
    ).rows[0];
    await audit(tx, ctx, 'policy.published', `policy:${input.unitKind}`, { version, validFrom: input.validFrom, rules: input.rules, previousVersion: latest?.version ?? null });
    const rejudge = await startRejudge(tx, ctx, `policy ${input.unitKind} v${version}`);
    return { id: row.id, unitKind: input.unitKind, version, validFrom: input.validFrom, validTo: null, rules: input.rules, rejudge };
  });
}
