import { describe, expect, it } from 'vitest';
import { closePage, pageErrors, SHOTS_DIR } from './support/browser.ts';
import { useE2e } from './support/use-e2e.ts';

const { loginAs } = useE2e();

describe('command centre, live', () => {
  it('shows a new emergency order within 5 seconds of its intake, without a reload', async () => {
    const board = await loginAs('supervisor', '/command-centre');
    await board.setViewportSize({ width: 1920, height: 1080 });
    await board.getByTestId('cc-live').and(board.locator('[data-live="true"]')).waitFor();
    await board.getByTestId('cc-map-chart').waitFor();
    const before = Number(await board.getByTestId('cc-today-received').locator('.tile-n').textContent());
    let reloaded = false;
    board.on('framenavigated', (f) => {
      if (f === board.mainFrame()) reloaded = true;
    });

    // An agent takes in an emergency through the API, as a second console would.
    const agent = await loginAs('agent');
    const { items } = (await (await agent.request.get('/api/units?kind=street&q=东华门')).json()) as { items: { id: number; name: string }[] };
    const street = items.find((u) => u.name === '东华门街道')!;
    const started = Date.now();
    const r = await agent.request.post('/api/work-orders', {
      data: {
        channel: 'phone',
        requestType: 'report',
        urgency: 'emergency',
        title: '燃气泄漏',
        text: '王府井大街某小区楼道内燃气味很重，请立即处置。',
        location: { streetId: street.id, address: '王府井大街88号', lon: 116.4105, lat: 39.9155 },
        requester: { name: '李四', phone: '13811112222' },
      },
    });
    expect(r.status(), await r.text()).toBe(201);
    const order = (await r.json()) as { id: number; code: string };

    await board.locator(`[data-testid="cc-emergency-row"][data-code="${order.code}"]`).waitFor({ timeout: 5000 });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(5000);
    // The recount follows the event: today's intake goes up on the same page.
    await board.getByTestId('cc-today-received').locator('.tile-n').filter({ hasText: String(before + 1) }).waitFor({ timeout: 5000 });
    expect(reloaded).toBe(false);
    await board.screenshot({ path: `${SHOTS_DIR}/cc-live-1920.png` });

    await board.setViewportSize({ width: 1366, height: 768 });
    await board.getByTestId('cc-emergencies').waitFor();
    await board.screenshot({ path: `${SHOTS_DIR}/cc-live-1366.png`, fullPage: true });
    await closePage(agent);
    await closePage(board);
  });

  it('a street’s board is cut by community; a dispatch reaches the street’s inbox live and is marked read from its link', async () => {
    const page = await loginAs('donghuamen', '/command-centre');
    await page.getByTestId('cc-areas').waitFor();
    expect(await page.getByTestId('cc-street-select').count()).toBe(0);
    expect(await page.getByTestId('cc-area-row').count()).toBeGreaterThan(0);
    await page.goto('/console/notifications');
    await page.getByTestId('inbox-page').waitFor();
    // Other journeys and the sweep over the demo history keep telling the street things: this test
    // follows its own notification, not the global count.

    const dispatcher = await loginAs('dispatcher');
    const { items } = (await (await dispatcher.request.get('/api/units?kind=street&q=东华门')).json()) as { items: { id: number; name: string }[] };
    const streetId = items.find((u) => u.name === '东华门街道')!.id;
    const created = await dispatcher.request.post('/api/work-orders', {
      data: {
        channel: 'phone',
        requestType: 'complaint',
        urgency: 'general',
        title: '楼道堆放杂物',
        text: '东华门大街某小区楼道堆放杂物，影响通行。',
        location: { streetId, address: '东华门大街20号' },
        requester: { name: '王五', phone: '13822223333' },
      },
    });
    const order = (await created.json()) as { id: number; code: string; version: number };
    const sent = await dispatcher.request.post(`/api/work-orders/${order.id}/dispatch`, { data: { version: order.version, leadUnitId: streetId } });
    expect(sent.status(), await sent.text()).toBe(200);

    // The badge and the list update without a reload.
    await page.getByTestId('inbox-unread').waitFor({ timeout: 10_000 });
    const item = page.locator('[data-testid="inbox-item"][data-kind="work_order.dispatched"][data-read="false"]').filter({ hasText: order.code });
    await item.waitFor();
    await item.getByTestId('inbox-link').click();
    await page.waitForURL(new RegExp(`/console/orders/${order.id}$`));
    await expect
      .poll(async () => {
        const list = (await (await page.request.get('/api/notifications?pageSize=100')).json()) as { items: { kind: string; subjectId: number; readAt: string | null }[] };
        return list.items.find((n) => n.kind === 'work_order.dispatched' && n.subjectId === order.id)?.readAt ?? null;
      }, { timeout: 10_000 })
      .not.toBeNull();
    await closePage(dispatcher);
    await closePage(page);
    expect(pageErrors).toEqual([]);
  });
});
