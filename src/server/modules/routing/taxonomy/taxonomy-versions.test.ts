import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/support/test-app.ts';
import { seedRouting } from '../seed-routing.ts';
import { routingTestApp } from '../catalogue/routing-test-app.ts';

let t: TestApp;
let r: ReturnType<typeof routingTestApp>;
beforeAll(async () => {
  t = await createTestApp();
  await seedRouting(t.db);
  r = routingTestApp(t);
});
afterAll(() => t.close());

describe('taxonomy versions', () => {
  it('seeds version 1: 15 classes from the board plus utilities and emergencies, three levels', async () => {
    const [v1] = (await r.get('/api/taxonomy/versions', 'dispatcher')).body.items;
    expect([v1.version, v1.status]).toEqual([1, 'active']);
    const tops = (await r.get(`/api/taxonomy/versions/${v1.id}/categories?level=1`, 'dispatcher')).body.items;
    expect(tops).toHaveLength(17);
    expect(tops.slice(-2).map((c: { name: string }) => c.name)).toEqual(['水电气热', '突发事件']);
    const leak = (await r.get('/api/taxonomy/categories/16.04.01', 'dispatcher')).body;
    expect(leak).toMatchObject({ level: 3, default_urgency: 'emergency', default_request_type: 'report', path: [{ code: '16' }, { code: '16.04' }, { code: '16.04.01' }] });
    expect(leak.keywords).toContain('燃气泄漏');
  });

  it('a draft is edited and published; the old version stays resolvable by its id', async () => {
    const v1 = (await r.get('/api/taxonomy/versions', 'dispatcher')).body.items[0].id;
    expect((await r.post('/api/taxonomy/versions', { name: '第2版' }, 'dispatcher')).status).toBe(403);
    const draft = await r.post('/api/taxonomy/versions', { name: '12345诉求分类（第2版）' }, 'admin');
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const v2 = draft.body.id;
    expect((await r.post('/api/taxonomy/versions', { name: 'again' }, 'admin')).body.code).toBe('invalid_transition');

    const added = await r.post(`/api/taxonomy/versions/${v2}/categories`, { parentCode: '01.02', name: '电动自行车充电', defaultUrgency: 'general', keywords: ['充电桩', '飞线'] }, 'admin');
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.code).toBe('01.02.26');
    expect((await r.post(`/api/taxonomy/versions/${v2}/categories`, { parentCode: '16', name: '通信' }, 'admin')).body.code).toBe('16.06');
    expect((await r.post(`/api/taxonomy/versions/${v2}/categories`, { parentCode: '01.02.26', name: '四级' }, 'admin')).body.code).toBe('validation_failed');
    expect((await r.post(`/api/taxonomy/versions/${v2}/categories`, { parentCode: '01.02', code: '01.02.20', name: '重复' }, 'admin')).body.code).toBe('validation_failed');
    expect((await r.patch(`/api/taxonomy/versions/${v2}/categories/01.02.20`, { name: '背街小巷环境秩序' }, 'admin')).status).toBe(200);
    expect((await r.del(`/api/taxonomy/versions/${v2}/categories/02.02`, 'admin')).body).toEqual({ code: '02.02', deactivated: 5 });

    // the draft is not in force yet
    expect((await r.get('/api/taxonomy/categories/01.02.20', 'dispatcher')).body.name).toBe('背街小巷环境');
    const beforePublish = t.now();
    t.advance(1000);
    const pub = await r.post(`/api/taxonomy/versions/${v2}/publish`, {}, 'admin');
    expect(pub.body).toMatchObject({ id: v2, status: 'active' });
    expect((await r.get(`/api/taxonomy/versions/${v1}`, 'dispatcher')).body.status).toBe('retired');

    expect((await r.get('/api/taxonomy/categories/01.02.20', 'dispatcher')).body).toMatchObject({ taxonomyVersionId: v2, name: '背街小巷环境秩序' });
    expect((await r.get(`/api/taxonomy/categories/01.02.20?versionId=${v1}`, 'dispatcher')).body).toMatchObject({ taxonomyVersionId: v1, name: '背街小巷环境' });
    expect((await r.get('/api/taxonomy/categories/02.02.02', 'dispatcher')).body.active).toBe(false);
    expect((await r.get(`/api/taxonomy/categories/02.02.02?versionId=${v1}`, 'dispatcher')).body.active).toBe(true);

    // routing records the version it used; a code new in v2 is unknown to routing at an earlier time
    const now = await r.get('/api/routing/propose?categoryCode=01.02.26&districtId=' + (await t.unitId('110101')), 'dispatcher');
    expect([now.status, now.body.versions.taxonomyVersionId, now.body.target]).toEqual([200, v2, 'district']);
    const old = await r.get(`/api/routing/propose?categoryCode=01.02.20&at=${beforePublish.toISOString()}`, 'dispatcher');
    expect(old.body.versions.taxonomyVersionId).toBe(v1);
    expect(old.body.category.name).toBe('背街小巷环境');
    expect((await r.get(`/api/routing/propose?categoryCode=01.02.26&at=${beforePublish.toISOString()}`, 'dispatcher')).body.code).toBe('validation_failed');

    expect((await r.patch(`/api/taxonomy/versions/${v2}/categories/01.02.20`, { name: 'x' }, 'admin')).body.code).toBe('invalid_transition');
    expect((await r.post(`/api/taxonomy/versions/${v2}/publish`, {}, 'admin')).body.code).toBe('invalid_transition');
  });
});
