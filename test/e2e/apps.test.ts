import { describe, expect, it } from 'vitest';
import { closePage, pageErrors } from './support/browser.ts';
import { act, openFromQueue, pickUnit, waitForStatus } from './support/console.ts';
import { useE2e } from './support/use-e2e.ts';

const { loginAs, openPage } = useE2e();
let filedCode = '';

describe('portal, grid app and command centre', () => {
  it('a citizen files without signing in and tracks the request by code and tracking secret', async () => {
    const page = await openPage('/');
    await page.getByTestId('portal-type').selectOption('help');
    await page.getByTestId('portal-title').fill('小区路灯不亮');
    await page.getByTestId('portal-text').fill('和平里七区3号楼前路灯已坏两周，夜间行走不便。');
    await page.getByTestId('loc-address').fill('和平里七区3号楼');
    await page.getByTestId('portal-phone').fill('13600001234');
    await page.getByTestId('portal-submit').click();
    const code = (await page.getByTestId('tracking-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^GD\d{14}$/);
    filedCode = code;
    const secret = (await page.getByTestId('tracking-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    // "track it" carries the secret within the tab and shows the progress at once
    await page.getByTestId('go-track').click();
    expect(await page.getByTestId('track-code').inputValue()).toBe(code);
    await page.getByTestId('track-status').filter({ hasText: '已受理' }).waitFor();
    await closePage(page);

    // a fresh visitor needs the secret; the phone number opens nothing
    const other = await openPage(`/?view=track&code=${code}`);
    await other.getByTestId('track-secret').fill(secret.toLowerCase());
    await other.getByTestId('track-submit').click();
    await other.getByTestId('track-status').filter({ hasText: '已受理' }).waitFor();
    await closePage(other);
  });

  it('keeps the English choice across reloads and shows server errors in English', async () => {
    const page = await openPage('/?view=track');
    await page.getByTestId('lang-en').click();
    await page.reload();
    await page.getByTestId('portal-tab-track').filter({ hasText: 'Track a request' }).waitFor();
    await page.getByTestId('track-code').fill('GD20260101999999');
    await page.getByTestId('track-secret').fill('AAAAA-AAAAA');
    await page.getByTestId('track-submit').click();
    await page.getByTestId('error').filter({ hasText: 'No request with that code and tracking secret.' }).waitFor();
    await closePage(page);
  });

  it('a grid member reports from their own grid and sees the report in their list', async () => {
    const page = await loginAs('grid1', '/grid');
    await page.getByTestId('grid-place').filter({ hasText: '多福巷社区' }).waitFor();
    await page.getByTestId('grid-type').selectOption('report');
    await page.getByTestId('grid-title').fill('井盖缺失');
    await page.getByTestId('grid-text').fill('巡查发现多福巷12号门前井盖缺失，已设置临时警示。');
    await page.getByTestId('grid-address').fill('多福巷12号门前');
    await page.getByTestId('grid-submit').click();
    const item = page.getByTestId('grid-report-item').filter({ hasText: '井盖缺失' });
    await item.waitFor();
    expect(await item.getByTestId('status').textContent()).toBe('已受理');
    await closePage(page);
  });

  it('the command centre shows the list endpoint’s totals by status', async () => {
    const page = await loginAs('supervisor', '/command-centre');
    const total = async (query: string) => ((await (await page.request.get(`/api/work-orders?queue=all&pageSize=1&${query}`)).json()) as { total: number }).total;
    // Other journeys share the server, so compare with what the API says now rather than fixed numbers.
    const received = await total('status=received');
    expect(received).toBeGreaterThanOrEqual(2);
    await page.getByTestId('tile-received').locator('.tile-n').filter({ hasText: new RegExp(`^${received}$`) }).waitFor();
    const overdue = await total('overdue=true&status=received,dispatched,signed,disputed,in_progress,escalated,awaiting_callback,called_back');
    expect(await page.getByTestId('tile-overdue').locator('.tile-n').textContent()).toBe(String(overdue));
    expect(await page.getByTestId('cc-overdue-row').count()).toBe(Math.min(overdue, 50));
    await closePage(page);
  });

  it('a stale form gets the server’s version_conflict message and the order reloads', async () => {
    const agent = await loginAs('agent');
    await openFromQueue(agent, filedCode, 'all');
    const dispatcher = await loginAs('dispatcher');
    await openFromQueue(dispatcher, filedCode);
    await act(dispatcher, 'dispatch', (f) => pickUnit(f, 'leadUnitId', '和平里', '和平里街道'));
    await closePage(dispatcher);

    // The agent's page still shows the order as received, with 直接答复 on offer.
    await agent.getByTestId('action-answer').click();
    const form = agent.getByTestId('action-form-answer');
    await form.getByTestId('field-answer').fill('已告知维修电话。');
    await form.getByTestId('action-submit').click();
    await agent.getByTestId('action-panel').getByTestId('error').filter({ hasText: '已被他人更新' }).waitFor();
    await waitForStatus(agent, 'dispatched', '已派单');
    expect(await agent.getByTestId('action-answer').count()).toBe(0);
    await closePage(agent);
    expect(pageErrors).toEqual([]);
  });
});
