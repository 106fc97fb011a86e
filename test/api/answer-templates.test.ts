import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { expectError, tableCounts } from '../support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const put = (path: string, body: unknown, as: string | null) => t.call('PUT', path, body, as);
const titles = (r: { body: { items: { title: string }[] } }) => r.body.items.map((i) => i.title);
const suggest = (body: Record<string, unknown>, as = 'agent') => t.post('/api/answer-templates/suggest', body, as);
const templateCount = async () => (await t.db.query<{ n: number }>('select (select count(*) from answer_templates)::int + (select count(*) from answer_template_versions)::int as n')).rows[0].n;

describe('answer templates: who sees them (issue 11)', () => {
  it('the hotline sees the six active demo templates, administrators the retired one too', async () => {
    const agent = await t.get('/api/answer-templates', 'agent');
    expect(agent.status).toBe(200);
    expect(agent.body.items).toHaveLength(6);
    expect(titles(agent)).not.toContain('冬季临时避寒救助咨询（已停用）');
    expect((await t.get('/api/answer-templates?all=true', 'agent')).body.items).toHaveLength(6);
    expect((await t.get('/api/answer-templates?all=true', 'admin')).body.items).toHaveLength(7);
  });

  it('street staff and citizens are refused; signed out is 401', async () => {
    for (const who of ['donghuamen', 'citizen', 'grid1']) {
      expectError(await t.get('/api/answer-templates', who), 403, 'forbidden');
      expectError(await suggest({ title: '咨询', text: '居住证怎么办理' }, who), 403, 'forbidden');
    }
    expectError(await t.get('/api/answer-templates', null), 401, 'unauthenticated');
  });
});

describe('suggestions while an inquiry is typed', () => {
  it('by the words shared with the request, without a category', async () => {
    const r = await suggest({ title: '居住证咨询', text: '请问在北京办理居住证需要什么材料？' });
    expect(r.status).toBe(200);
    expect(r.body.items[0]).toMatchObject({ title: '居住证办理咨询', byCategory: false });
    expect(r.body.items[0].sharedWords).toEqual(expect.arrayContaining(['居住证', '办理']));
  });

  it('by category first (a sub-category is covered by its parent code)', async () => {
    const r = await suggest({ title: '暖气', text: '家里暖气不热', categoryCode: '16.01.01' });
    expect(r.body.items[0]).toMatchObject({ title: '供暖期与室温标准咨询', byCategory: true });
  });

  it('nothing for an unrelated request; never a retired template', async () => {
    expect((await suggest({ title: '垃圾', text: '小区门口垃圾没人清理' })).body.items).toEqual([]);
    expect(titles(await suggest({ title: '救助', text: '寒潮期间发现流浪乞讨人员需要救助', categoryCode: '09.09' }))).not.toContain('冬季临时避寒救助咨询（已停用）');
  });

  it('refuses bad input with 400', async () => {
    expectError(await suggest({ title: 'x', text: 'y', extra: 1 }), 400, 'validation_failed');
    expectError(await suggest({ title: 'x', text: 'y'.repeat(5001) }), 400, 'validation_failed');
  });
});

describe('administration with history', () => {
  it('only administrators add; bad input is a 400 and changes nothing', async () => {
    const before = await templateCount();
    expectError(await t.post('/api/answer-templates', { title: '新模板', body: '内容' }, 'agent'), 403, 'forbidden');
    expectError(await t.post('/api/answer-templates', { title: '', body: '内容' }, 'admin'), 400, 'validation_failed');
    const unknown = await t.post('/api/answer-templates', { title: '新模板', body: '内容', categories: ['99.99'] }, 'admin');
    expectError(unknown, 400, 'validation_failed');
    expect(unknown.body.details.field).toBe('categories');
    expect(await templateCount()).toBe(before);
  });

  it('an edit makes a new version, kept in the history; a stale edit is 409, an unknown id 404', async () => {
    const created = await t.post('/api/answer-templates', { title: '门牌号申请咨询', body: '您好，门牌号由所在街道统一申请编制。', categories: ['09.07', '09.07'] }, 'admin');
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ version: 1, active: true, categories: ['09.07'] });
    const id = created.body.id;
    const edited = await put(`/api/answer-templates/${id}`, { version: 1, title: '门牌号申请咨询', body: '您好，门牌号请向所在街道申请。', categories: ['09.07'], active: true }, 'admin');
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.version).toBe(2);
    expectError(await put(`/api/answer-templates/${id}`, { version: 1, title: '旧版', body: '旧', categories: [], active: true }, 'admin'), 409, 'version_conflict');
    expectError(await put('/api/answer-templates/999999', { version: 1, title: 'x', body: 'y', categories: [], active: true }, 'admin'), 404, 'not_found');
    expectError(await put(`/api/answer-templates/${id}`, { version: 2, title: 'x', body: 'y', categories: [], active: true }, 'supervisor'), 403, 'forbidden');
    const history = await t.get(`/api/answer-templates/${id}/history`, 'admin');
    expect(history.body.items.map((v: any) => [v.version, v.body])).toEqual([
      [2, '您好，门牌号请向所在街道申请。'],
      [1, '您好，门牌号由所在街道统一申请编制。'],
    ]);
    expect(history.body.items[0].changedBy).toBeTruthy();
  });

  it('a retired template is no longer suggested (the cache is dropped on edit)', async () => {
    const list = await t.get('/api/answer-templates', 'admin');
    const heat = list.body.items.find((i: any) => i.title === '供暖期与室温标准咨询');
    const ask = () => suggest({ title: '暖气', text: '家里暖气不热', categoryCode: '16.01' });
    expect(titles(await ask())).toContain(heat.title);
    const r = await put(`/api/answer-templates/${heat.id}`, { version: heat.version, title: heat.title, body: heat.body, categories: heat.categories, active: false }, 'admin');
    expect(r.status).toBe(200);
    expect(titles(await ask())).not.toContain(heat.title);
    expectError(await t.get(`/api/answer-templates/${heat.id}/history`, 'agent'), 404, 'not_found');
  });
});

describe('受理并直接答复 (intake and answer in one command)', () => {
  const order = { channel: 'phone', requestType: 'inquiry', title: '居住证咨询', text: '请问办理居住证需要什么材料？', requester: { anonymous: true } };

  it('creates the order answered, with the answer the agent edited', async () => {
    const r = await t.post('/api/work-orders/intake-and-answer', { order, answer: '您好，请携带身份证和租房合同到派出所办理。' }, 'agent');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.status).toBe('answered');
    const o = (await t.get(`/api/work-orders/${r.body.id}`, 'supervisor')).body;
    expect(o.answer).toBe('您好，请携带身份证和租房合同到派出所办理。');
  });

  it('refuses an empty answer and roles that may not answer, leaving no order behind', async () => {
    const before = await tableCounts(t);
    expectError(await t.post('/api/work-orders/intake-and-answer', { order, answer: '' }, 'agent'), 400, 'validation_failed');
    const street = await t.post('/api/work-orders/intake-and-answer', { order, answer: '已答复' }, 'donghuamen');
    expect(street.status).toBe(403);
    expect(await tableCounts(t)).toEqual(before);
  });
});
