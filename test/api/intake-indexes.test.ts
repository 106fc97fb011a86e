import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, intake } from '../support/factories.ts';
import { explain, indexesIn } from '../support/explain.ts';

/**
 * Intake writes an entry into every index of work_orders, so an index that another one makes
 * redundant is pure cost (migration 0029). These are the reads the dropped ones served: each must
 * still read an index, the longer one it was a prefix of.
 */
let t: TestApp;
let street: number;
beforeAll(async () => {
  t = await createTestApp();
  street = await t.unitId(DEMO.streets.donghuamen);
  for (let i = 0; i < 3; i++) await intake(t);
});
afterAll(() => t.close());

const indexes = async () => (await t.db.query<{ name: string }>(`select indexname as name from pg_indexes where tablename = 'work_orders'`)).rows.map((r) => r.name);

describe('work_orders keeps no index that a longer one makes redundant', () => {
  it('the prefixes are gone and the indexes that cover them remain', async () => {
    const names = await indexes();
    for (const gone of ['work_orders_received_idx', 'work_orders_street_idx', 'work_orders_requester_idx']) expect(names).not.toContain(gone);
    for (const kept of ['work_orders_received_id_idx', 'work_orders_street_time_idx', 'work_orders_requester_time_idx', 'work_orders_tokens_idx']) expect(names).toContain(kept);
  });

  it.each([
    ['the time bounds of the history (search)', 'select min(received_at) as a, max(received_at) as b from work_orders', () => [], 'work_orders_received_id_idx'],
    ["a street's orders counted (whistle stats)", 'select count(*)::int from work_orders o where o.street_id = $1', () => [street], 'work_orders_street_time_idx'],
    ["a citizen's own orders, newest first", 'select id from work_orders where requester_user_id = $1 order by received_at desc, id desc limit 20', () => [1], 'work_orders_requester_time_idx'],
    ['orders received in a period', 'select count(*)::int from work_orders where received_at >= $1 and received_at < $2', () => [new Date(0), new Date()], 'work_orders_received_id_idx'],
  ])('%s', async (_name, text, params, index) => {
    const plan = await explain(t.db, { text, params: params() }, { indexOnly: true });
    expect(indexesIn(plan), plan).toContain(index);
    expect(plan).not.toMatch(/Seq Scan on work_orders\b/);
  });
});

describe("a lead unit's period counts of the further indicators", () => {
  it.each([
    ['dispatches, signed on time', 'select count(*)::int, count(*) filter (where signed_at <= due_sign_at)::int from work_orders where lead_unit_id = $1 and dispatched_at >= $2 and dispatched_at < $3', 'work_orders_lead_dispatched_idx'],
    ['feedbacks, on time', 'select count(*)::int, count(*) filter (where feedback_at <= due_feedback_at)::int from work_orders where lead_unit_id = $1 and feedback_at >= $2 and feedback_at < $3', 'work_orders_lead_feedback_idx'],
  ])('%s: read from the index alone', async (_name, text, index) => {
    const plan = await explain(t.db, { text, params: [street, new Date(0), new Date()] }, { indexOnly: true });
    expect(plan, plan).toMatch(new RegExp(`Index Only Scan using ${index}`));
  });
});
