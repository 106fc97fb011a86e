import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, intake, orderIn } from '../support/factories.ts';
import { blowOk } from '../support/whistles.ts';

/*
 * What the live board added beside today's figures: the three rates this period and the last,
 * the streets' ranking, grids coloured by a week's intake, open whistles with their countdowns,
 * and a board left open past Shanghai midnight.
 */
let t: TestApp;
let dhm: number;
let grid: number;
beforeAll(async () => {
  t = await createTestApp();
  dhm = await t.unitId(DEMO.streets.donghuamen);
  grid = await t.unitId(DEMO.grid);
});
afterAll(() => t.close());

const summary = async (as: string) => {
  const r = await t.get('/api/command-centre/summary', as);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};

describe('the command centre board', () => {
  it('shows the rates of this period against the last, read from the evaluation', async () => {
    const before = await summary('donghuamen');
    expect(before.rates.current).toMatchObject({ validCallbacks: 0, responseRate: 0 });
    // one order called back: contacted, solved, satisfied → every rate 1 for the street leading it
    await orderIn(t, 'closed');
    const s = await summary('donghuamen');
    expect(s.rates.period).toBe('2026-03');
    expect(s.rates.previousPeriod).toBe('2026-02');
    expect(s.rates.current).toMatchObject({ validCallbacks: 1, responseRate: 1, resolutionRate: 1, satisfactionRate: 1 });
    expect(s.rates.previous.validCallbacks).toBe(0);
  });

  it('ranks the streets of the district, the viewing street among them', async () => {
    const s = await summary('donghuamen');
    expect(s.ranking.period).toBe('2026-03');
    expect(s.ranking.total).toBeGreaterThanOrEqual(0);
    for (const r of [...s.ranking.top, ...s.ranking.bottom]) expect(r).toMatchObject({ unitId: expect.any(Number), rank: expect.any(Number) });
    const ranks = s.ranking.top.map((r: any) => r.rank);
    expect(ranks).toEqual([...ranks].sort((a: number, b: number) => a - b));
  });

  it('counts a week of intake per grid for the map', async () => {
    await intake(t, { location: { streetId: dhm, gridId: grid, address: '东华门大街1号' } });
    t.advance(24 * 3600_000);
    await intake(t, { location: { streetId: dhm, gridId: grid, address: '东华门大街1号' } });
    const s = await summary('donghuamen');
    expect(s.grids.days).toBe(7);
    expect(s.grids.items.find((g: any) => g.id === grid)).toEqual({ id: grid, count: 2, today: 1 });
    expect((await summary('hepingli')).grids.items.find((g: any) => g.id === grid)).toBeUndefined();
  });

  it('lists open whistles with the next report-in deadline', async () => {
    const w = await blowOk(t);
    const s = await summary('donghuamen');
    const row = s.whistles.find((x: any) => x.id === w.id);
    expect(row).toMatchObject({ status: w.status, waiting: 2, late: false });
    const due = (await t.get(`/api/whistles/${w.id}`, 'donghuamen')).body.reportIns.map((r: any) => r.dueAt).sort()[0];
    expect(row.dueAt).toBe(due);
    expect(Date.parse(row.dueAt)).toBeGreaterThan(t.now().getTime());
    expect((await summary('hepingli')).whistles.find((x: any) => x.id === w.id)).toBeUndefined();
  });

  it('left open over Shanghai midnight, the next refresh is the new day', async () => {
    // 23:59 Shanghai: one order today
    const d = new Date(t.now());
    t.clock.t = Date.parse(`${d.toISOString().slice(0, 10)}T15:59:00Z`);
    await intake(t);
    const late = await summary('supervisor');
    const received = late.today.received;
    expect(received).toBeGreaterThanOrEqual(1);
    t.advance(2 * 60_000); // 00:01 the next day
    const next = await summary('supervisor');
    expect(next.date).not.toBe(late.date);
    expect(next.today.received).toBe(0);
    expect(next.trend.at(-2)).toMatchObject({ date: late.date, received });
  });
});
