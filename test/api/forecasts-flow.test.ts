import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, expectError } from '../support/factories.ts';
import { generateHistory } from '../../src/server/modules/history/generate-history.ts';
import { isSharpRise } from '../../src/server/modules/forecasts/forecast-alerts.ts';

// Monday 2026-10-19 10:00 Shanghai: thirteen months of generated history behind, the heating season ahead.
const NOW = new Date('2026-10-19T02:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp(NOW);
  await generateHistory(t.db, { orders: 5000, months: 13, seed: 'forecast', end: NOW, batchSize: 1000 });
}, 300_000);
afterAll(() => t.close());

it('the sharp-rise rule, hand-computed', () => {
  expect(isSharpRise(15, 10)).toBe(true); // 1.5× and +5
  expect(isSharpRise(14, 10)).toBe(false);
  expect(isSharpRise(6, 4)).toBe(false); // 1.5× but only +2
  expect(isSharpRise(6, 4, { ratio: 1, minIncrease: 0 })).toBe(true);
});

it('forecast: weekly actuals agree with a count of the orders, the heating weeks ahead rise, each with its interval', async () => {
  const r = await t.get('/api/forecasts?category=16&weeks=6', 'district');
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.body.forecast.map((w: any) => w.weekStart)).toEqual(['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']);
  const last = r.body.history.at(-2);
  expect(last.weekStart).toBe('2026-10-12');
  const counted = await t.db.query<{ n: number }>(
    `select count(*)::int as n from work_orders where category like '16%' and merged_into_id is null
       and received_at >= '2026-10-12T00:00:00+08:00' and received_at < '2026-10-19T00:00:00+08:00'`,
  );
  expect(last.count).toBe(counted.rows[0].n);
  for (const w of r.body.forecast) expect(w.lower <= w.expected && w.expected <= w.upper).toBe(true);
  // heating: November above the October level the model was fitted before
  expect(r.body.forecast[3].expected).toBeGreaterThan(1.5 * r.body.recentWeekly);
  // a street sees its own orders only: its forecast is of a smaller series
  const street = await t.get('/api/forecasts?category=16&weeks=6', 'donghuamen');
  expect(street.body.history.at(-2).count).toBeLessThan(last.count);
  expectError(await t.get('/api/forecasts?category=x', 'district'), 400, 'validation_failed');
});

it('alerts: the scan flags heating before people call; an alert becomes a proactive case that the street acts on and closes', async () => {
  expectError(await t.post('/api/forecasts/scan', {}, 'donghuamen'), 403, 'forbidden');
  // 5,000 orders over 17 streets is a few a week per street: the scan runs more sensitive than at Beijing's volume
  const rule = { ratio: 1.5, minIncrease: 1 };
  const scan = await t.post('/api/forecasts/scan', rule, 'district');
  expect(scan.status, JSON.stringify(scan.body)).toBe(200);
  expect(scan.body.created).toBeGreaterThan(0);
  expect((await t.post('/api/forecasts/scan', rule, 'district')).body.created).toBe(0); // once per series and week
  const alerts = (await t.get('/api/forecast-alerts', 'district')).body.items;
  expect(alerts.length).toBe(scan.body.created);
  for (const a of alerts) expect(a.expected - a.recentWeekly).toBeGreaterThanOrEqual(1 - 0.11);
  for (const a of alerts) expect(a.expected).toBeGreaterThanOrEqual(1.5 * a.recentWeekly - 0.11);
  expect(alerts.some((a: any) => a.category === '16')).toBe(true);
  const donghuamen = await t.unitId(DEMO.streets.donghuamen);
  const mine = (await t.get('/api/forecast-alerts', 'donghuamen')).body.items;
  expect(mine.every((a: any) => a.streetId === donghuamen)).toBe(true);
  expect((await t.get('/api/forecast-alerts', 'chengguan')).body.items).toEqual([]);

  const alert = alerts.find((a: any) => a.streetId === donghuamen) ?? alerts[0];
  expectError(await t.post(`/api/forecast-alerts/${alert.id}/case`, { assignedUnitId: donghuamen }, 'chengguan'), 403, 'forbidden');
  const opened = await t.post(`/api/forecast-alerts/${alert.id}/case`, { assignedUnitId: alert.streetId }, 'district');
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  expectError(await t.post(`/api/forecast-alerts/${alert.id}/case`, { assignedUnitId: alert.streetId }, 'district'), 409, 'invalid_transition');
  expect((await t.get('/api/forecast-alerts?status=converted', 'district')).body.items.map((a: any) => [a.id, a.caseId])).toEqual([[alert.id, opened.body.id]]);

  const street = Object.entries({ [await t.unitId(DEMO.streets.donghuamen)]: 'donghuamen', [await t.unitId(DEMO.streets.hepingli)]: 'hepingli', [await t.unitId(DEMO.streets.tiantan)]: 'tiantan' })
    .find(([id]) => Number(id) === alert.streetId)?.[1];
  const as = street ?? 'district';
  const listed = (await t.get('/api/proactive-cases', as)).body.items.find((c: any) => c.id === opened.body.id);
  expect(listed).toMatchObject({ status: 'open', alertId: alert.id });
  if (street) expect(listed.allowedActions).toEqual(['start']);
  expectError(await t.post(`/api/proactive-cases/${opened.body.id}/complete`, { version: 1, note: '完成' }, 'district'), 409, 'invalid_transition');
  const acting = await t.post(`/api/proactive-cases/${opened.body.id}/start`, { version: 1, note: '入户检查供暖设施' }, street ?? 'district');
  if (!street) {
    expectError(acting, 403, 'forbidden');
    return;
  }
  expect(acting.body).toMatchObject({ status: 'acting', version: 2 });
  const done = await t.post(`/api/proactive-cases/${opened.body.id}/complete`, { version: 2, note: '已提前完成管网检修' }, street);
  expect(done.body.status).toBe('done');
  const final = (await t.get('/api/proactive-cases', 'district')).body.items.find((c: any) => c.id === opened.body.id);
  expect(final.events.map((e: any) => e.type)).toEqual(['proactive_case.opened', 'proactive_case.started', 'proactive_case.completed']);
  expect(final.result).toBe('已提前完成管网检修');
});
