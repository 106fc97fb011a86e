import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO } from '../support/factories.ts';
import { BASIC, calledBack, reopenAndCallBack, rules, SAT, score, UNSOLVED } from '../support/evaluation-factories.ts';
import { createPolicyVersion } from '../../src/server/modules/evaluation/policy-commands.ts';
import { rejudgeStep } from '../../src/server/modules/evaluation/rejudge-jobs.ts';
import { recomputeEvaluation } from '../../src/server/modules/evaluation/evaluation-recompute.ts';

// A policy edit judged again in the background, one order per batch, while callbacks keep coming.
// 东华门, 2026-03, after the edit to 30/35/35:
//   before: SAT, UNSOLVED, BASIC; during: a new SAT, and the UNSOLVED order reopened and called back SAT
//   → the reopened order counts once, by its last callback: SAT, SAT, BASIC, SAT
//   → N 4, contacted 4, solved 4, satisfied 3, basic 1 → 30 + 35 + 35 × 3.9/4 = 99.125 → 99.13
// and under 10/50/40 it would be 10 + 50 + 40 × 0.975 = 99.

let t: TestApp;
const DHM = DEMO.streets.donghuamen;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('a policy edit re-judges in batches', () => {
  it('in the background, with progress, correct under concurrent callbacks', async () => {
    const a = await calledBack(t, DHM, SAT);
    const b = await calledBack(t, DHM, UNSOLVED);
    await calledBack(t, DHM, BASIC);
    expect((await score(t, DHM, '2026-03')).compositeScore).toBe(68.67); // 10 + 33.333 + 40 × 1.9/3

    const ctx = await t.ctxAs('supervisor');
    const created = await createPolicyVersion(
      ctx,
      { unitKind: 'street', validFrom: '2026-03', rules: rules({ weights: { response: 0.3, resolution: 0.35, satisfaction: 0.35 } }) as never },
      { inlineLimit: -1 },
    );
    // The background run and the steps below share the work under the checkpoint lock; whichever
    // takes a batch first does it.
    expect(created.rejudge.status === 'running' || created.rejudge.status === 'done').toBe(true);
    const jobId = created.rejudge.id;
    expect(created.rejudge.total).toBe(3);

    await calledBack(t, DHM, SAT);
    let job = await rejudgeStep(ctx, jobId, 1);
    await reopenAndCallBack(t, b.id, 'donghuamen', SAT);
    while (job.status === 'running') job = await rejudgeStep(ctx, jobId, 1);
    expect(job).toMatchObject({ status: 'done', done: 3, total: 3 });

    const s = await score(t, DHM, '2026-03');
    expect(s).toMatchObject({ policyVersion: 2, validCallbacks: 4, contacted: 4, solved: 4, satisfied: 3, basicallySatisfied: 1 });
    expect(s.compositeScore).toBe(99.13);
    const check = await recomputeEvaluation(ctx);
    expect(check.differences).toEqual([]);
    const latest = await t.get('/api/evaluation/rejudge-jobs/latest', 'supervisor');
    expect(latest.body.job).toMatchObject({ id: jobId, status: 'done', done: 3 });
    expect((await t.get(`/api/evaluation/rejudge-jobs/${jobId}`, 'donghuamen')).body.status).toBe('done');
    expect(a.id).toBeGreaterThan(0);
  });

  it('a small database is judged before the answer; a new edit supersedes a running job', async () => {
    const r = await t.post('/api/evaluation/policies', { unitKind: 'street', validFrom: '2026-04', rules: rules() }, 'supervisor');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.rejudge).toMatchObject({ status: 'done', total: 4, done: 4 });
    const ctx = await t.ctxAs('supervisor');
    const first = await createPolicyVersion(ctx, { unitKind: 'street', validFrom: '2026-05', rules: rules() as never }, { inlineLimit: -1 });
    const second = await createPolicyVersion(ctx, { unitKind: 'street', validFrom: '2026-06', rules: rules() as never });
    expect(second.rejudge.status).toBe('done');
    const old = (await t.get(`/api/evaluation/rejudge-jobs/${first.rejudge.id}`, 'supervisor')).body;
    expect(['superseded', 'done']).toContain(old.status);
    expect((await recomputeEvaluation(ctx)).differences).toEqual([]);
  });
});
