import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, intake } from '../support/factories.ts';

/*
 * Constructed repeats in one grid of 东华门 and from one phone across two streets, with near-misses
 * beside them (same grid but another matter, same matter but too late).
 */
let t: TestApp;
let place: { streetId: number; communityId: number; gridId: number; address: string };
const made: Record<string, number> = {};
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp();
  const streetId = await t.unitId(DEMO.streets.donghuamen);
  place = { streetId, communityId: await t.unitId(DEMO.community), gridId: await t.unitId(DEMO.grid), address: '东华门大街12号' };
  const hpl = await t.unitId(DEMO.streets.hepingli);
  const cat = (await t.db.query<{ code: string }>(`select code from categories where active and parent_code is not null order by taxonomy_version_id desc, code desc limit 1`)).rows[0].code;
  const stalls = { title: '门口占道经营', text: '每天傍晚有摊贩在东华门大街占道经营，噪音扰民', category: cat, location: place, requester: { name: '王五', phone: '13900001111' } };
  made.a = (await intake(t, stalls)).id;
  t.advance(4 * DAY);
  made.b = (await intake(t, { ...stalls, requester: { name: '赵六', phone: '13900002222' } })).id;
  // same grid, another matter and other words: not a repeat of the stalls
  made.nearMiss = (await intake(t, { title: '路灯不亮', text: '小区路灯坏了晚上很黑', location: place, requester: { phone: '13900003333' } })).id;
  t.advance(3 * DAY);
  made.c = (await intake(t, { ...stalls, requester: { phone: '13800009999' } })).id;
  // the first caller again, about the same stalls, from 和平里 (another street sees this one)
  made.d = (await intake(t, { ...stalls, location: { streetId: hpl, address: '和平里七区' } })).id;
  t.advance(40 * DAY);
  made.late = (await intake(t, stalls)).id; // 40 days after the last one: a new matter, not a repeat
});
afterAll(() => t.close());

const repeats = async (kind: string, as: string) => {
  const r = await t.get(`/api/analysis/repeats?from=2026-03-01&to=2026-05-31&kind=${kind}`, as);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};

describe('GET /api/analysis/repeats', () => {
  it('a street sees the repeats of its own grid, without the near-misses', async () => {
    const b = await repeats('place', 'donghuamen');
    expect(b.groups).toHaveLength(1);
    const g = b.groups[0];
    expect(g.orders.map((o: any) => o.id)).toEqual([made.a, made.b, made.c]);
    expect(g.place).toMatchObject({ gridId: place.gridId, streetName: '东华门街道' });
    expect(g.terms).toContain('占道经营');
  });

  it('another street sees none of them', async () => {
    expect((await repeats('place', 'hepingli')).groups).toEqual([]);
    expect((await repeats('requester', 'hepingli')).groups).toEqual([]);
  });

  it('the same requester across streets: the centre sees the phone, a street only its own part, masked', async () => {
    const centre = await repeats('requester', 'supervisor');
    const mine = centre.groups.find((g: any) => g.orders.some((o: any) => o.id === made.d));
    expect(mine.orders.map((o: any) => o.id)).toEqual([made.a, made.d]);
    expect(mine.requesterPhone).toBe('13900001111');
    expect(mine.key).not.toContain('13900001111');
    expect(centre.groups.flatMap((g: any) => g.orders.map((o: any) => o.id))).not.toContain(made.late);
    const district = await repeats('requester', 'district');
    const seen = district.groups.find((g: any) => g.orders.some((o: any) => o.id === made.a));
    expect(seen.requesterPhone).toBe('*******1111');
  });
});
