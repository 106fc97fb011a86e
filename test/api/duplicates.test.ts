import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, intake, orderIn } from '../support/factories.ts';
import type { Actor } from '../../src/server/lib/ctx.ts';
import { findDuplicates } from '../../src/server/modules/routing/duplicates/find-duplicates.ts';

let t: TestApp;
let centre: Actor | null;
beforeAll(async () => {
  t = await createTestApp();
  centre = (await t.ctxAs('dispatcher')).actor;
});
afterAll(() => t.close());

const REPORT = { title: '楼下餐馆油烟扰民', text: '和平里中街一家餐馆油烟直排，油烟味很大，窗户都不敢开' };
const AGAIN = { title: '餐馆油烟直排扰民', text: '和平里中街餐馆油烟直排，油烟味大，影响开窗' };

describe('likely duplicates at intake', () => {
  it('finds an open order about the same thing in the same street, and nothing for a different matter', async () => {
    const streetId = await t.unitId(DEMO.streets.hepingli);
    const first = await intake(t, { ...REPORT, location: { streetId } });
    const hits = await findDuplicates(t.db, { ...AGAIN, streetId, at: t.now(), visibleTo: centre });
    expect(hits.map((h) => h.id)).toEqual([first.id]);
    expect(hits[0].sharedWords).toContain('油烟');
    expect(await findDuplicates(t.db, { title: '小区停水', text: '和平里中街小区停水一天了', streetId, at: t.now(), visibleTo: centre })).toEqual([]);
  });

  it('ignores the same words elsewhere, after the window, or once the order is closed', async () => {
    const streetId = await t.unitId(DEMO.streets.tiantan);
    const elsewhere = await t.unitId(DEMO.streets.donghuamen);
    const o = await intake(t, { ...REPORT, location: { streetId } });
    expect((await findDuplicates(t.db, { ...AGAIN, streetId: elsewhere, at: t.now(), visibleTo: centre })).map((h) => h.id)).not.toContain(o.id);
    const later = new Date(t.now().getTime() + 8 * 86_400_000);
    expect((await findDuplicates(t.db, { ...AGAIN, streetId, at: later, visibleTo: centre })).map((h) => h.id)).not.toContain(o.id);
    const closed = await orderIn(t, 'closed', { ...REPORT, location: { streetId } });
    expect((await findDuplicates(t.db, { ...AGAIN, streetId, at: t.now(), visibleTo: centre })).map((h) => h.id)).not.toContain(closed.id);
  });

  it('uses the grid and the distance between pins when they are known', async () => {
    const gridId = await t.unitId(DEMO.grid);
    const o = await intake(t, { ...REPORT, location: { gridId, lon: 116.4101, lat: 39.9151 } });
    const near = await findDuplicates(t.db, { ...AGAIN, lon: 116.4105, lat: 39.9153, at: t.now(), visibleTo: centre });
    expect(near.find((h) => h.id === o.id)?.distanceM).toBeLessThan(60);
    const sameGrid = await findDuplicates(t.db, { ...AGAIN, gridId, at: t.now(), visibleTo: centre });
    expect(sameGrid.find((h) => h.id === o.id)?.sameGrid).toBe(true);
  });
});
