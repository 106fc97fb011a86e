import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-app.ts';
import { DEMO, intake } from '../../support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const REPORT = { title: '路灯不亮', text: '和平里中街路灯坏了好几天，晚上很黑，行人不安全' };
const AGAIN = { title: '路灯不亮', text: '和平里中街路灯坏了好几天' };

describe('POST /api/routing/suggest: duplicate candidates apply the caller’s visibility', () => {
  it('offers an undispatched order in 和平里 to the centre and 和平里, to nobody else', async () => {
    const streetId = await t.unitId(DEMO.streets.hepingli);
    const o = await intake(t, { ...REPORT, location: { streetId } });
    const seen: Record<string, boolean> = {};
    for (const u of ['dispatcher', 'agent', 'hepingli', 'district', 'donghuamen', 'tiantan', 'chengguan', 'zhujian', 'water', 'grid1', 'grid2']) {
      const r = await t.post('/api/routing/suggest', { ...AGAIN, location: { streetId } }, u);
      expect(r.status, u).toBe(200);
      const ids = r.body.duplicates.map((d: { id: number }) => d.id);
      seen[u] = ids.includes(o.id);
      // whatever is offered must also be readable one by one
      for (const id of ids) expect((await t.get(`/api/work-orders/${id}`, u)).status, `${u} → ${id}`).toBe(200);
    }
    expect(seen).toEqual({
      dispatcher: true, agent: true, hepingli: true, district: true,
      donghuamen: false, tiantan: false, chengguan: false, zhujian: false, water: false, grid1: false, grid2: false,
    });
  });
});
