import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { notFound } from '../../lib/errors.ts';
import { lockCheckpoint } from './evaluation-consumer.ts';
import { loadPolicies, loadUnitKinds, rejudgeOrders } from './evaluation-rollups.ts';
import type { RejudgeJobRow } from './evaluation-tables.ts';

/**
 * After a policy edit every order is judged again, a batch per transaction in order-id order, so
 * a large database is never held in one transaction. Each batch takes the checkpoint lock, like the
 * consumer and appeals, and judges its orders from their whole history under the versions now in
 * force; a callback arriving meanwhile is judged by the consumer under the same versions, whether
 * its order's batch has run yet or not, so the result is the same as one big transaction's. Until
 * the job ends the figures mix old and new rules: its progress is shown with them.
 */

export type RejudgeJob = { id: number; reason: string; status: RejudgeJobRow['status']; total: number; done: number; startedAt: string; finishedAt: string | null };

const view = (r: RejudgeJobRow): RejudgeJob => ({
  id: r.id,
  reason: r.reason,
  status: r.status,
  total: r.total,
  done: r.done,
  startedAt: r.started_at.toISOString(),
  finishedAt: r.finished_at?.toISOString() ?? null,
});

/** Starts a job (in the policy edit's transaction); one that is still running is superseded, as the new one covers it. */
export async function startRejudge(tx: Queryable, ctx: Ctx, reason: string): Promise<RejudgeJob> {
  await tx.query(`update evaluation_rejudge_jobs set status = 'superseded', finished_at = $1, updated_at = $1 where status = 'running'`, [ctx.now()]);
  const total = Number((await tx.query<{ n: string }>('select count(distinct order_id) as n from evaluation_callback_facts')).rows[0].n);
  const row = (
    await tx.query<RejudgeJobRow>(
      `insert into evaluation_rejudge_jobs(reason, status, total, started_at, updated_at) values ($1, 'running', $2, $3, $3) returning *`,
      [reason, total, ctx.now()],
    )
  ).rows[0];
  return view(row);
}

/** One batch of the job; answers whether it has finished. */
export async function rejudgeStep(ctx: Ctx, jobId: number, batch = 500): Promise<RejudgeJob> {
  return ctx.db.transaction(async (tx) => {
    await lockCheckpoint(tx);
    const job = (await tx.query<RejudgeJobRow>('select * from evaluation_rejudge_jobs where id = $1 for update', [jobId])).rows[0];
    if (!job) throw notFound('re-judging job', jobId);
    if (job.status !== 'running') return view(job);
    const ids = (
      await tx.query<{ order_id: string }>(
        'select order_id from evaluation_callback_facts where order_id > $1 group by order_id order by order_id limit $2',
        [job.cursor_order_id, batch],
      )
    ).rows.map((r) => Number(r.order_id));
    if (ids.length) await rejudgeOrders(tx, ids, await loadPolicies(tx), await loadUnitKinds(tx));
    const finished = ids.length < batch;
    const row = (
      await tx.query<RejudgeJobRow>(
        `update evaluation_rejudge_jobs set cursor_order_id = $2, done = least(total, done + $3::int), updated_at = $4::timestamptz,
                status = case when $5::boolean then 'done' else status end, finished_at = case when $5::boolean then $4::timestamptz else null end
          where id = $1 returning *`,
        [jobId, ids.length ? ids[ids.length - 1] : job.cursor_order_id, ids.length, ctx.now(), finished],
      )
    ).rows[0];
    return view(row);
  });
}

/** Runs the job to its end, yielding between batches so requests are served meanwhile. */
export async function runRejudge(ctx: Ctx, jobId: number, batch = 500): Promise<RejudgeJob> {
  for (;;) {
    const job = await rejudgeStep(ctx, jobId, batch);
    if (job.status !== 'running') return job;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** A job left running by a stopped server goes on from its cursor (called from the consumer's timer). */
export async function resumeRejudge(ctx: Ctx, maxBatches = 20): Promise<RejudgeJob | null> {
  const row = (await ctx.db.query<RejudgeJobRow>(`select * from evaluation_rejudge_jobs where status = 'running' order by id limit 1`)).rows[0];
  if (!row) return null;
  let job = view(row);
  for (let i = 0; i < maxBatches && job.status === 'running'; i++) job = await rejudgeStep(ctx, row.id);
  return job;
}

export async function getRejudgeJob(q: Queryable, id: number): Promise<RejudgeJob> {
  const row = (await q.query<RejudgeJobRow>('select * from evaluation_rejudge_jobs where id = $1', [id])).rows[0];
  if (!row) throw notFound('re-judging job', id);
  return view(row);
}

export async function latestRejudgeJob(q: Queryable): Promise<RejudgeJob | null> {
  const row = (await q.query<RejudgeJobRow>('select * from evaluation_rejudge_jobs order by id desc limit 1')).rows[0];
  return row ? view(row) : null;
}
