import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, intake } from '../support/factories.ts';

// A group of 23 repeats at one grid: its size counts all of them, its list the newest 20, oldest first.
let t: TestApp;
const made: number[] = [];

beforeAll(async () => {
  t = await createTestApp(new Date('2026-03-02T02:00:00Z'));
  const street = await t.unitId(DEMO.streets.donghuamen);
  const grid = Number((await t.db.query<{ id: number }>(`select id from units where kind = 'grid' and path like (select path from units where code = $1) || '%' order by id limit 1`, [DEMO.streets.donghuamen])).rows[0].id);
  for (let i = 0; i < 23; i++) {
    made.push((await intake(t, { location: { streetId: street, gridId: grid, address: '东华门大街12号' }, requester: { name: '王五', phone: `1390000${String(i).padStart(4, '0')}` } })).id);
    t.advance(3_600_000);
  }
});
afterAll(() => t.close());

it('lists the newest 20 orders of a group and counts all 23, from the kept groups and from the detector', async () => {
  for (const window of ['', '&windowDays=7']) {
    const r = await t.get(`/api/analysis/repeats?from=2026-03-01&to=2026-03-31&kind=place${window}`, 'donghuamen');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.groups).toHaveLength(1);
    const g = r.body.groups[0];
    expect(g.size).toBe(23);
    expect(g.orders.map((o: { id: number }) => o.id)).toEqual(made.slice(3));
    expect(new Date(g.first).getTime()).toBe(new Date('2026-03-02T02:00:00Z').getTime());
  }
});
