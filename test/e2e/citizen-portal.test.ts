import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pageErrors } from './support/browser.ts';
import { checkFaceWidths, isolate } from './support/faces.ts';
import { useE2e, useOwnServer } from './support/use-e2e.ts';

const { browser } = useE2e();

/*
 * A server of its own: the one-time codes go out through the development sender, which writes them
 * to the log, and this journey reads them there as a phone would receive them.
 */
const { server, api } = useOwnServer(browser, {
  prepare: (env) => {
    env.SHAOBAO_LOG = 'json';
    env.SHAOBAO_DEMO_HISTORY = '0';
  },
});

/** The last SMS the development sender logged for this phone with this subject. */
function lastSms(phone: string, subject: string): string | null {
  const lines = server().output().split('\n').filter((l) => l.includes('"outbound message"'));
  const mine = lines.map((l) => JSON.parse(l) as { to: string; subject: string; text: string }).filter((m) => m.to === phone && m.subject.includes(subject));
  return mine.length ? mine[mine.length - 1].text : null;
}

const { call: staff, act } = api;

/** Checked as it stands: the test isolates the page for its whole journey. */
const checkFace = (page: Page, name: string) => checkFaceWidths(page, { what: name, shot: name });

// 1×1 PNG: the photo a citizen attaches
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('citizen portal (issue 11)', () => {
  it('signs in by one-time code, files with a photo and a place, tracks it, answers the callback online and asks for re-handling', async () => {
    const ctx = await browser().newContext({ baseURL: server().baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 900 } });
    ctx.setDefaultTimeout(20_000);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
    const foreign = await isolate(page, server().baseUrl);
    const phone = '13700001234';

    // sign in by code
    await page.goto('/?view=my');
    await page.getByTestId('signin-phone').fill(phone);
    await checkFace(page, 'portal-sign-in');
    await page.getByTestId('signin-send').click();
    await page.getByTestId('signin-sent').filter({ hasText: '137****1234' }).waitFor();
    await expect.poll(() => lastSms(phone, '验证码'), { timeout: 10_000 }).not.toBeNull();
    const code = /(\d{6})/.exec(lastSms(phone, '验证码')!)![1];
    await page.getByTestId('signin-code').fill(code);
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('my-requests').waitFor();

    // file: phone prefilled, a place from the gazetteer then refined on the map, a photo
    await page.getByTestId('portal-tab-file').click();
    await expect.poll(() => page.getByTestId('portal-phone').inputValue()).toBe(phone);
    await page.getByTestId('portal-title').fill('王府井小吃街垃圾满溢');
    await page.getByTestId('portal-text').fill('王府井小吃街东口垃圾桶满溢两天无人清运，气味很大。');
    await page.getByTestId('loc-address').fill('王府井小吃');
    await page.getByTestId('place-suggestion').filter({ hasText: '王府井小吃街' }).first().click();
    await page.getByTestId('place-picked').filter({ hasText: '东华门街道' }).waitFor();
    await page.getByTestId('place-map-toggle').click();
    const map = page.locator('[data-testid="portal-map"][data-ready="true"]');
    await map.waitFor();
    await map.click();
    await page.getByTestId('place-picked').waitFor();
    await page.getByTestId('portal-files').setInputFiles({ name: 'trash.png', mimeType: 'image/png', buffer: PHOTO });
    await checkFace(page, 'portal-file-signed-in');
    await page.getByTestId('portal-submit').click();
    const orderCode = ((await page.getByTestId('tracking-code').textContent()) ?? '').trim();
    expect(orderCode).toMatch(/^GD\d{14}$/);

    // track: the steps in citizens' words, and when to expect a reply
    await page.getByTestId('go-track').click();
    await page.getByTestId('track-status').filter({ hasText: '已受理' }).waitFor();
    expect(await page.getByTestId('track-expected').textContent()).toMatch(/\d{4}/);
    const order = (await staff('supervisor', 'GET', `/api/work-orders?q=${orderCode}`)).items[0];
    const detail = await staff('supervisor', 'GET', `/api/work-orders/${order.id}`);
    expect(detail.attachments).toHaveLength(1);
    expect(detail.location.lon).not.toBeNull();

    // the unit handles it and reports back
    const streets = await staff('supervisor', 'GET', '/api/units?kind=street,township&limit=100');
    await act('dispatcher', order.id, 'dispatch', { leadUnitId: streets.items.find((u: { name: string }) => u.name === '东华门街道').id });
    await act('donghuamen', order.id, 'sign');
    await act('donghuamen', order.id, 'contact');
    await act('donghuamen', order.id, 'feedback', { result: '已安排环卫清运', solved: true });

    // the citizen answers the callback questions online: contacted, not solved, dissatisfied
    await page.goto(`/?view=track&code=${orderCode}`);
    await page.getByTestId('callback-form').waitFor();
    await checkFace(page, 'portal-callback');
    await page.getByTestId('cb-contacted-yes').check();
    await page.getByTestId('cb-solved-no').check();
    await page.getByTestId('cb-satisfaction-dissatisfied').check();
    await page.getByTestId('cb-submit').click();
    await page.getByTestId('track-status').filter({ hasText: '已回访' }).waitFor();
    await page.getByTestId('track-event').filter({ hasText: '在线评价' }).waitFor();
    const cb = (await staff('supervisor', 'GET', `/api/work-orders/${order.id}`)).callbacks;
    expect(cb).toHaveLength(1);
    expect(cb[0]).toMatchObject({ valid: true, contacted: true, solved: false, satisfaction: 'dissatisfied' });

    // and asks for re-handling
    await page.getByTestId('rehandle-text').fill('垃圾只清了一半，东口仍然满溢');
    await page.getByTestId('rehandle-submit').click();
    await page.getByTestId('track-status').filter({ hasText: '办理中' }).waitFor();

    // status notices reached the portal (and the phone, through the sender)
    await expect.poll(() => lastSms(phone, '12345') !== null && server().output().includes('已转交承办单位办理'), { timeout: 20_000 }).toBe(true);
    await page.goto('/?view=my');
    await page.getByTestId('notice').filter({ hasText: '已转交承办单位办理' }).first().waitFor();
    expect(foreign).toEqual([]);
    await ctx.close();
    expect(pageErrors).toEqual([]);
  });
});
