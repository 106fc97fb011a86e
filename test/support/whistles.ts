import { expect } from 'vitest';
import type { TestApp, Res } from './test-app.ts';
import { DEMO } from './factories.ts';

/** Blows a whistle for 东华门街道 as its street staff, summoning the named departments. */
export async function blow(t: TestApp, o: { type?: string; trigger?: string; units?: string[]; orders?: number[]; as?: string; streetCode?: string; extra?: Record<string, unknown> } = {}): Promise<Res> {
  return t.post('/api/whistles', {
    type: o.type ?? 'emergency',
    trigger: o.trigger ?? 'emergency',
    title: '东华门大街燃气泄漏',
    description: '沿街餐馆燃气管道疑似泄漏，需要燃气、城管、市场监管到场处置。',
    streetId: await t.unitId(o.streetCode ?? DEMO.streets.donghuamen),
    workOrderIds: o.orders ?? [],
    summonedUnitIds: await Promise.all((o.units ?? [DEMO.departments.chengguan, DEMO.departments.shijian]).map((c) => t.unitId(c))),
    ...o.extra,
  }, o.as ?? 'donghuamen');
}

export async function blowOk(t: TestApp, o: Parameters<typeof blow>[1] = {}): Promise<any> {
  const r = await blow(t, o);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

/** Takes a whistle action with its current version. */
export async function wact(t: TestApp, id: number, action: string, body: Record<string, unknown>, as: string): Promise<Res> {
  const cur = await t.get(`/api/whistles/${id}`, 'admin');
  return t.post(`/api/whistles/${id}/${action}`, { version: cur.body.version, ...body }, as);
}

export async function wactOk(t: TestApp, id: number, action: string, body: Record<string, unknown>, as: string): Promise<any> {
  const r = await wact(t, id, action, body, as);
  expect(r.status, `${action} as ${as}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
}

/** Everything a refused whistle action could have written. */
export async function whistleSnapshot(t: TestApp, id: number) {
  const r = await t.db.query(
    `select w.version, w.status,
            (select count(*)::int from whistle_events e where e.whistle_id = w.id) as events,
            (select json_agg(s.status order by s.id) from whistle_summons s where s.whistle_id = w.id) as summons,
            (select count(*)::int from whistle_ratings r where r.whistle_id = w.id) as ratings,
            (select count(*)::int from whistle_actions a where a.whistle_id = w.id) as actions,
            (select count(*)::int from notifications n where n.subject_kind = 'whistle' and n.subject_id = w.id) as notices
       from whistles w where w.id = $1`, [id],
  );
  return r.rows[0];
}

export const ON_SITE = { lon: 116.403, lat: 39.915 };
