import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { actOk, DEMO, intake } from '../support/factories.ts';
import { nextWeekSpan, weekOf } from '../../src/server/modules/work-orders/search-weeks.ts';

describe('the spans of weeks a search reads', () => {
  const walk = (hi: number, lo: number, perWeek: number, wanted: number) => {
    const spans = [];
    let prev = null;
    let left = wanted;
    for (let s = nextWeekSpan(hi, lo, null, left); s; s = nextWeekSpan(hi, lo, prev, left)) {
      const found = Math.min(left, perWeek * (s.hi - s.lo + 1));
      spans.push(s);
      left -= found;
      prev = { span: s, found };
    }
    return spans;
  };

  it('covers every week from the newest down, once, growing fourfold while nothing is found', () => {
    expect(walk(3000, 2800, 0, 1001)).toEqual([
      { hi: 3000, lo: 3000 },
      { hi: 2999, lo: 2996 },
      { hi: 2995, lo: 2980 },
      { hi: 2979, lo: 2916 },
      { hi: 2915, lo: 2800 },
    ]);
    expect(walk(10, 8, 0, 5)).toEqual([{ hi: 10, lo: 10 }, { hi: 9, lo: 8 }]);
    expect(walk(5, 5, 0, 5)).toEqual([{ hi: 5, lo: 5 }]);
    expect(walk(4, 5, 0, 5)).toEqual([]);
  });

  it('reads only about as many weeks as the matches still wanted need', () => {
    // 400 a week, 1,001 wanted: the first week gives 400, then 601 more need 1.5 weeks, read as 2.
    expect(walk(100, 0, 400, 1001)).toEqual([{ hi: 100, lo: 100 }, { hi: 99, lo: 98 }]);
    // Enough in the first week: nothing more is read.
    expect(walk(100, 0, 5000, 1001)).toEqual([{ hi: 100, lo: 100 }]);
    // Sparse: 3 a week, grows at most fourfold per span.
    expect(walk(100, 0, 3, 1001).map((s) => s.hi - s.lo + 1)).toEqual([1, 4, 16, 64, 16]);
  });

  it('counts weeks from 1970-01-01 UTC as the index keys do', () => {
    expect(weekOf(new Date('1970-01-07T23:59:59Z'))).toBe(0);
    expect(weekOf(new Date('1970-01-08T00:00:00Z'))).toBe(1);
  });
});

const WEEK = 7 * 86_400_000;
const ids = (r: { body: { items: { id: number }[]; total: number } }) => r.body.items.map((i) => i.id);

describe('search across a long history', () => {
  let t: TestApp;
  const made: { id: number; at: Date }[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    const street = await t.unitId(DEMO.streets.hepingli);
    // Matches far apart, so that they fall into different spans of weeks (the sessions last a year).
    for (const gap of [0, 30 * WEEK, 10 * WEEK, 3 * WEEK]) {
      t.advance(gap);
      const o = await intake(t, { title: '井盖缺失', text: `人行道上的井盖丢了，夜里有人踩空，${gap}`, location: { streetId: street, address: '和平里西街' } });
      made.push({ id: o.id, at: t.now() });
    }
    await intake(t, { title: '噪音扰民', text: '楼下商铺深夜播放音乐。', location: { streetId: street, address: '和平里东街' } });
  });
  afterAll(() => t.close());

  it('finds every match, however old, newest first, and pages through them with the cursor', async () => {
    const q = encodeURIComponent('井盖');
    const all = await t.get(`/api/work-orders?q=${q}`, 'supervisor');
    expect(ids(all)).toEqual(made.map((m) => m.id).reverse());
    expect(all.body.total).toBe(4);
    const first = await t.get(`/api/work-orders?q=${q}&pageSize=3`, 'supervisor');
    expect(ids(first)).toEqual(made.slice(1).map((m) => m.id).reverse());
    const rest = await t.get(`/api/work-orders?q=${q}&pageSize=3&cursor=${first.body.nextCursor}`, 'supervisor');
    expect(ids(rest)).toEqual([made[0].id]);
    expect(rest.body.nextCursor).toBeNull();
  });

  it('keeps to the date range asked for, at week boundaries too', async () => {
    const q = encodeURIComponent('井盖');
    const mid = (a: Date, b: Date) => new Date((a.getTime() + b.getTime()) / 2).toISOString();
    expect(ids(await t.get(`/api/work-orders?q=${q}&to=${mid(made[0].at, made[1].at)}`, 'supervisor'))).toEqual([made[0].id]);
    expect(ids(await t.get(`/api/work-orders?q=${q}&from=${mid(made[1].at, made[2].at)}&to=${mid(made[2].at, made[3].at)}`, 'supervisor'))).toEqual([made[2].id]);
    expect(ids(await t.get(`/api/work-orders?q=${q}&from=${made[3].at.toISOString()}`, 'supervisor'))).toEqual([made[3].id]);
  });

  it('finds an address fragment and the phone in old weeks as in new', async () => {
    expect(ids(await t.get(`/api/work-orders?q=${encodeURIComponent('和平里西')}`, 'supervisor'))).toEqual(made.map((m) => m.id).reverse());
    expect(ids(await t.get(`/api/work-orders?q=${encodeURIComponent('和平里东')}`, 'supervisor'))).toHaveLength(1);
  });
});

describe('a street\'s and a department\'s search', () => {
  let t: TestApp;
  let led: { id: number };
  let coHandled: { id: number };
  let elsewhere: { id: number };
  let ownStreet: { id: number };
  beforeAll(async () => {
    t = await createTestApp();
    const [hepingli, tiantan, chengguan, zhujian] = await Promise.all([
      t.unitId(DEMO.streets.hepingli), t.unitId(DEMO.streets.tiantan), t.unitId(DEMO.departments.chengguan), t.unitId(DEMO.departments.zhujian),
    ]);
    const order = (streetId: number, n: number) => intake(t, { title: '违规占道经营', text: `早市摊贩占用人行道，行人只能走机动车道。${n}`, location: { streetId, address: '天坛东路' } });
    led = await order(tiantan, 1);
    await actOk(t, led.id, 'dispatch', { leadUnitId: chengguan }, 'dispatcher');
    coHandled = await order(tiantan, 2);
    await actOk(t, coHandled.id, 'dispatch', { leadUnitId: zhujian, coHandlerUnitIds: [chengguan] }, 'dispatcher');
    elsewhere = await order(tiantan, 3);
    await actOk(t, elsewhere.id, 'dispatch', { leadUnitId: zhujian }, 'dispatcher');
    // In tiantan's territory, co-handled by hepingli: hepingli sees it only through the assignment.
    await actOk(t, (await order(tiantan, 4)).id, 'dispatch', { leadUnitId: tiantan, coHandlerUnitIds: [hepingli] }, 'dispatcher');
    ownStreet = await order(hepingli, 5);
  });
  afterAll(() => t.close());

  const q = encodeURIComponent('占道');
  it('a department finds what it leads and what it co-handles, and nothing else', async () => {
    expect(ids(await t.get(`/api/work-orders?q=${q}`, 'chengguan')).sort()).toEqual([led.id, coHandled.id].sort());
    expect(ids(await t.get(`/api/work-orders?q=${q}`, 'zhujian')).sort()).toEqual([coHandled.id, elsewhere.id].sort());
  });

  it('a street finds its territory and what is assigned to it elsewhere', async () => {
    const found = ids(await t.get(`/api/work-orders?q=${q}`, 'hepingli'));
    expect(found).toHaveLength(2);
    expect(found).toContain(ownStreet.id);
    expect(found).not.toContain(led.id);
    expect(ids(await t.get(`/api/work-orders?q=${q}`, 'tiantan'))).toHaveLength(4);
    expect(ids(await t.get(`/api/work-orders?q=${q}`, 'donghuamen'))).toEqual([]);
  });
});
