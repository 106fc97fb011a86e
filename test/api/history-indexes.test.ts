import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { generateHistory } from '../../src/server/modules/history/generate-history.ts';
import { dropLoadIndexes, restoreLoadIndexes } from '../../src/server/modules/history/history-indexes.ts';

const END = new Date('2026-03-02T02:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 120_000);
afterAll(() => t.close());

const indexes = async () =>
  (await t.db.query<{ d: string }>(`select indexdef as d from pg_indexes where schemaname = current_schema() order by indexname`)).rows.map((r) => r.d);

describe('bulk history loads drop and rebuild secondary indexes', () => {
  it('a load with rebuilt indexes ends with exactly the indexes it started with, and searches still use them', async () => {
    const before = await indexes();
    const notes: string[] = [];
    const r = await generateHistory(t.db, { orders: 400, months: 1, seed: 'idx', end: END, rebuildIndexes: true, note: (s) => notes.push(s) });
    expect(r.orders).toBe(400);
    expect(await indexes()).toEqual(before);
    expect((await t.db.query('select * from history_load_indexes')).rows).toEqual([]);
    // the rebuilt GIN index answers: an order is found by one of its own tokens
    const one = (await t.db.query<{ id: number; tokens: string[] }>('select id, tokens from work_orders order by id limit 1')).rows[0];
    const hit = await t.db.query<{ id: number }>('select id from work_orders where tokens @> array[$1]::text[]', [one.tokens[0]]);
    expect(hit.rows.map((x) => x.id)).toContain(one.id);
    expect(notes.some((n) => /indexes dropped/.test(n))).toBe(true);
    expect(notes.some((n) => /^index work_orders_tokens_idx built/.test(n))).toBe(true);
  });

  it('indexes left dropped by an interrupted load are rebuilt from their recorded definitions', async () => {
    const before = await indexes();
    const dropped = await dropLoadIndexes(t.db);
    expect(dropped).toBeGreaterThan(10);
    const during = await indexes();
    expect(during.length).toBe(before.length - dropped);
    // unique indexes and keys are never dropped: they guard the data during the load
    expect(during.some((d) => d.includes('work_orders_code_key'))).toBe(true);
    expect(during.some((d) => d.includes('work_orders_tokens_idx'))).toBe(false);
    expect(await restoreLoadIndexes(t.db)).toBe(dropped);
    expect(await indexes()).toEqual(before);
    expect(await restoreLoadIndexes(t.db)).toBe(0);
  });
});
