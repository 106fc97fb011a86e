import { describe, expect, it } from 'vitest';
import { closePage, pageErrors } from './support/browser.ts';
import { waitForStatus } from './support/console.ts';
import { checkFaceWidths } from './support/faces.ts';
import { useE2e } from './support/use-e2e.ts';

const { base, loginAs } = useE2e();

const ADDED = '办理进度可在“北京通”App查询。';

describe('answer templates (issue 11)', () => {
  it('an administrator adds and edits templates with history; the agent inserts the edited one into an inquiry’s answer and answers it', async () => {
    const admin = await loginAs('admin');
    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('admin-link-answer-templates').click();
    const row = admin.getByTestId('template-row').filter({ hasText: '居住证办理咨询' });
    await row.waitFor();
    expect(await row.getAttribute('data-version')).toBe('1');

    // a new template, with a category picked from the taxonomy
    await admin.getByTestId('template-title').fill('门牌号申请咨询');
    await admin.getByTestId('template-body').fill('您好，新建房屋的门牌号由产权人向所在街道申请编制。');
    await admin.getByTestId('template-category-picker-search').fill('区划地名');
    await admin.locator('[data-testid="template-category-picker-option"][data-code="09.07"]').click();
    await admin.locator('[data-testid="template-form"] [data-testid="template-category"][data-code="09.07"]').waitFor();
    await admin.getByTestId('template-save').click();
    await admin.getByTestId('template-row').filter({ hasText: '门牌号申请咨询' }).waitFor();

    // an edit of a seeded one makes version 2, and the history shows both
    await row.getByTestId('template-edit').click();
    const body = admin.getByTestId('template-body');
    await body.fill(`${await body.inputValue()}${ADDED}`);
    await admin.getByTestId('template-save').click();
    await expect.poll(() => row.getAttribute('data-version')).toBe('2');
    await row.getByTestId('template-history-toggle').click();
    await expect.poll(() => row.getByTestId('template-version').evaluateAll((els) => els.map((e) => e.getAttribute('data-version')))).toEqual(['2', '1']);
    expect(await row.getByTestId('template-version').first().textContent()).toContain(ADDED);
    expect(await row.getByTestId('template-version').nth(1).textContent()).not.toContain(ADDED);
    await checkFaceWidths(admin, { what: 'answer templates admin', ready: 'template-version' }, { baseUrl: base });
    await closePage(admin);

    const agent = await loginAs('agent');
    await agent.getByTestId('nav-intake').click();
    await agent.getByTestId('intake-title').fill('居住证咨询');
    await agent.getByTestId('intake-text').fill('请问在北京办理居住证需要什么材料？');
    // not an inquiry yet, and no template answers the proposed category: nothing shown
    expect(await agent.getByTestId('answer-templates').count()).toBe(0);
    await agent.getByTestId('intake-requestType').selectOption('inquiry');
    const tpl = agent.getByTestId('answer-template').filter({ hasText: '居住证办理咨询' });
    await tpl.waitFor();
    expect(await tpl.textContent()).toContain(ADDED);
    await checkFaceWidths(agent, { what: 'intake with templates', ready: 'answer-template' }, { baseUrl: base });
    // Clicked and waited for in the page, frame by frame, as faces.test times interactions: what the
    // agent waits for, without the test driver's own round trips and polling interval.
    const insertMs = await agent.evaluate(
      ([name, added]) =>
        new Promise<number>((resolve) => {
          const card = [...document.querySelectorAll('[data-testid="answer-template"]')].find((e) => (e.textContent ?? '').includes(name))!;
          const answer = document.querySelector('[data-testid="intake-answer"]') as HTMLTextAreaElement;
          const t0 = performance.now();
          (card.querySelector('[data-testid="answer-template-insert"]') as HTMLElement).click();
          const tick = () => (answer.value.includes(added) ? resolve(performance.now() - t0) : requestAnimationFrame(tick));
          tick();
        }),
      ['居住证办理咨询', ADDED] as const,
    );
    expect(await agent.getByTestId('intake-answer').inputValue()).toContain(ADDED);
    const answer = agent.getByTestId('intake-answer');
    await answer.fill(`${await answer.inputValue()}\n如有疑问请联系所在社区。`);
    await agent.getByTestId('intake-answer-submit').click();
    await agent.waitForURL(/\/console\/orders\/\d+$/);
    await waitForStatus(agent, 'answered', '直接答复');
    const shown = (await agent.getByTestId('order-answer').textContent()) ?? '';
    expect(shown).toContain(ADDED);
    expect(shown).toContain('如有疑问请联系所在社区。');
    console.log(`[timing] answer template insert → in the answer: ${Math.round(insertMs)} ms`);
    expect(insertMs, 'an interaction answers within 100 ms').toBeLessThan(100);
    await closePage(agent);
    expect(pageErrors).toEqual([]);
  });
});
