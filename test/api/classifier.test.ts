import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { actOk, DEMO, expectError, intake } from '../support/factories.ts';
import { heldOutSplit, syntheticTexts } from '../support/synthetic-texts.ts';
import { trainCategoryModel, evaluateCategoryModel } from '../../src/server/modules/routing/classify/train-classifier.ts';
import { proposedCategory } from '../../src/server/modules/routing/classify/classify-order.ts';
import type { Queryable } from '../../src/server/db/client.ts';

let t: TestApp;
let street: number;
beforeAll(async () => {
  t = await createTestApp();
  street = await t.unitId(DEMO.streets.donghuamen);
  await trainCategoryModel(t.db as never, heldOutSplit().train, 'test', t.now());
});
afterAll(() => t.close());

describe('classification', () => {
  it('proposes the top three classes with confidences, the words behind the first, and refines under it', async () => {
    const r = await t.post('/api/routing/classify', { title: '胡同口占道经营', text: '每天晚上有摊贩占道经营，噪音扰民' }, 'agent');
    expect(r.status).toBe(200);
    const c = r.body;
    expect(c.model.version).toBe(1);
    expect(c.categories).toHaveLength(3);
    expect(c.categories[0].path[0]).toBe('城乡建设');
    // The model names the first level; the taxonomy's own names and keywords find 占道经营 beneath it.
    expect(c.categories[0].name).toBe('占道经营');
    expect(c.categories[0].refinedBy).toContain('占道经营');
    const sum = c.categories.reduce((a: number, x: { confidence: number }) => a + x.confidence, 0);
    expect(sum).toBeLessThanOrEqual(1.0001);
    expect(c.categories[0].confidence).toBeGreaterThan(c.categories[1].confidence);
    expect(c.highlights.map((h: { term: string }) => h.term).join(' ')).toMatch(/占道|摊贩|噪音|扰民/);
    expect(c.requestType).toMatchObject({ value: 'complaint', basis: 'words' });
  });

  it('flags an emergency by its words whatever the model says, and utilities', async () => {
    const gas = (await t.post('/api/routing/classify', { title: '楼道燃气泄漏', text: '闻到很大的煤气味，疑似燃气泄漏' }, 'agent')).body;
    expect(gas.urgency).toMatchObject({ value: 'emergency', basis: 'words' });
    const water = (await t.post('/api/routing/classify', { title: '停水', text: '小区从早上开始停水，没有通知' }, 'agent')).body;
    expect(water.urgency.value).toBe('utilities');
    const ask = (await t.post('/api/routing/classify', { title: '咨询', text: '请问失业保险金如何办理' }, 'agent')).body;
    expect(ask.requestType.value).toBe('inquiry');
  });

  it('is for staff, and validates its input', async () => {
    expectError(await t.post('/api/routing/classify', { title: '', text: 'x' }, 'agent'), 400, 'validation_failed');
    expectError(await t.post('/api/routing/classify', { title: 'a', text: 'b' }, 'citizen'), 403, 'forbidden');
    expectError(await t.post('/api/routing/classify', { title: 'a', text: 'b' }, null), 401, 'unauthenticated');
  });

  it('evaluates the active model on labelled texts it was not trained on', async () => {
    const { train, test } = heldOutSplit();
    const seen = new Set(train.map((d) => d.text));
    expect(test.filter((d) => seen.has(d.text))).toEqual([]);
    const e = await evaluateCategoryModel(t.db as never, test);
    expect(e.n).toBe(35);
    expect(e.accuracy).toBeGreaterThan(0.8);
    // The score compares with the given labels: wrong labels score low.
    const labels = [...new Set(test.map((d) => d.label))];
    const wrong = test.map((d) => ({ ...d, label: labels[(labels.indexOf(d.label) + 1) % labels.length] }));
    expect((await evaluateCategoryModel(t.db as never, wrong)).accuracy).toBeLessThan(0.2);
    expect(Object.keys(e.perClass).sort()).toEqual(['交通运输', '劳动和社会保障', '卫生计生', '商贸旅游', '城乡建设', '教育文体', '环境保护']);
  });
});

describe('suggestion while typing, and learning from dispatchers', () => {
  it('proposes category, place, lead unit with rule and duty item, and the open order it may repeat', async () => {
    const first = await intake(t, { title: '东四十条摊贩占道经营', text: '每天傍晚东四十条胡同口有摊贩占道经营，噪音扰民，影响休息', location: { streetId: street } });
    const r = await t.post(
      '/api/routing/suggest',
      { title: '胡同口摊贩占道经营扰民', text: '东四十条胡同口傍晚摊贩占道经营，噪音很大，影响休息', location: { streetId: street } },
      'dispatcher',
    );
    expect(r.status).toBe(200);
    const s = r.body;
    expect(s.categoryCode).toBe(s.classification.categories[0].code);
    expect(s.place).toMatchObject({ streetId: street, method: 'ids' });
    expect(s.routing.leadUnit.name).toBeTruthy();
    expect(s.routing.explanation).toBeTruthy();
    expect(s.duplicates.map((d: { id: number }) => d.id)).toContain(first.id);
    expect(s.duplicates[0].score).toBeGreaterThanOrEqual(0.5);
  });

  it('does not offer unrelated orders as duplicates', async () => {
    const r = await t.post('/api/routing/suggest', { title: '养老金发放延迟', text: '退休人员养老金这个月没有按时发放', location: { streetId: street } }, 'dispatcher');
    expect(r.body.duplicates).toEqual([]);
  });

  it('records at intake whether the agent accepted the proposed category, and learns from corrections', async () => {
    const accepted = await intake(t, { title: '胡同口占道经营', text: '摊贩占道经营，噪音扰民', category: '01.02.17' });
    expect(accepted.events[0].data.classification).toMatchObject({ modelVersion: 1, proposed: '01.02.17', accepted: true });
    const corrected = await intake(t, { title: '出租车拒载', text: '司机拒载绕路', category: '01.02.17' });
    expect(corrected.events[0].data.classification.accepted).toBe(false);
    const fixed = await actOk(t, corrected.id, 'recategorize', { category: '12', reason: '属交通运输' }, 'dispatcher');
    expect(fixed.category).toBe('12');
    expect(fixed.events.at(-1)).toMatchObject({ type: 'work_order.recategorized', data: { from: '01.02.17', to: '12' } });
  });

  it('reads the active model once, not on every intake', async () => {
    const seen: string[] = [];
    const q: Queryable = {
      cache: t.db.cache,
      query: (text, params, opts) => (seen.push(text), t.db.query(text, params, opts)),
      exec: (sql) => t.db.exec(sql),
    };
    const doc = { title: '胡同口占道经营', text: '摊贩占道经营，噪音扰民' };
    for (let i = 0; i < 3; i++) expect(await proposedCategory(q, doc, t.now())).toMatchObject({ modelVersion: 1, code: '01.02.17' });
    expect(seen.filter((s) => s.includes('classifier_models'))).toEqual([]);
  });

  it('retrains from dispatched orders and activates the new version', async () => {
    expectError(await t.post('/api/classifier/retrain', {}, 'admin'), 400, 'validation_failed'); // too little history yet
    const codes: Record<string, string> = { 城乡建设: '01', 交通运输: '12', 劳动和社会保障: '07' };
    for (const d of syntheticTexts(2)) {
      const o = await intake(t, { title: d.title, text: d.text, category: codes[d.label] });
      await actOk(t, o.id, 'dispatch', { leadUnitId: await t.unitId(DEMO.district), districtApproved: true }, 'dispatcher');
    }
    expectError(await t.post('/api/classifier/retrain', {}, 'dispatcher'), 403, 'forbidden');
    const r = await t.post('/api/classifier/retrain', {}, 'admin');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ task: 'category', version: 2, source: 'orders', active: true });
    expect(r.body.n).toBeGreaterThanOrEqual(30);
    const models = (await t.get('/api/classifier/models', 'dispatcher')).body.items;
    expect(models.filter((m: { active: boolean }) => m.active).map((m: { version: number }) => m.version)).toEqual([2]);
    // The version in force from the next request on: the retraining dropped the cached one.
    expect((await t.post('/api/routing/classify', { title: '胡同口占道经营', text: '摊贩占道经营' }, 'agent')).body.model.version).toBe(2);
    expect((await intake(t, { title: '胡同口占道经营', text: '摊贩占道经营' })).events[0].data.classification.modelVersion).toBe(2);
  });
});
