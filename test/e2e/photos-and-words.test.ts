import { describe, expect, it } from 'vitest';
import { closePage, pageErrors } from './support/browser.ts';
import { openFromQueue } from './support/console.ts';
import { intakeAndDispatch } from './support/journeys.ts';
import { useE2e } from './support/use-e2e.ts';

const { base, browser, loginAs, openPage } = useE2e();

const TWO_MB = 2 * 1024 * 1024;

describe('photos from a phone (issue 11, defect 8) and the grid app (defect 10)', () => {
  it('a 4000 px phone photo over 2 MB is made smaller on pick, filed, and shown as a thumbnail; the filed code stays on screen', async () => {
    const page = await loginAs('grid1', '/grid');
    await page.setViewportSize({ width: 390, height: 844 });
    // A noisy 4000×3000 JPEG, as a phone camera takes it (noise does not compress).
    const base64 = await page.evaluate(async () => {
      const c = document.createElement('canvas');
      c.width = 4000;
      c.height = 3000;
      const g = c.getContext('2d')!;
      const img = g.createImageData(c.width, c.height);
      for (let i = 0; i < img.data.length; i++) img.data[i] = i % 4 === 3 ? 255 : (Math.random() * 256) | 0;
      g.putImageData(img, 0, 0);
      const blob: Blob = await new Promise((r) => c.toBlob((b) => r(b!), 'image/jpeg', 0.95));
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(s);
    });
    const photo = Buffer.from(base64, 'base64');
    expect(photo.length).toBeGreaterThan(TWO_MB);

    await page.getByTestId('grid-title').fill('路面塌陷');
    await page.getByTestId('grid-text').fill('多福巷8号门前路面塌陷，已设置临时围挡。');
    await page.getByTestId('grid-files').setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: photo });
    const size = page.getByTestId('grid-files-size');
    await size.waitFor();
    const bytes = Number(await size.getAttribute('data-bytes'));
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(TWO_MB);
    expect(await page.getByTestId('grid-files-error').count()).toBe(0);

    await page.getByTestId('grid-submit').click();
    const filed = page.getByTestId('grid-filed');
    await filed.waitFor();
    const code = /GD\d+/.exec((await filed.textContent()) ?? '')?.[0] ?? '';
    expect(code).toMatch(/^GD\d{14}$/);
    // The list of reports is shown and the code is still there; its row opens the order.
    await page.locator(`[data-testid="grid-report-item"][data-code="${code}"]`).waitFor();
    expect(await filed.isVisible()).toBe(true);
    await page.locator(`[data-testid="grid-report-item"][data-code="${code}"] [data-testid="grid-report-link"]`).click();
    const thumb = page.getByTestId('attachment-thumb').first();
    await thumb.waitFor();
    const natural = await thumb.evaluate(async (img: HTMLImageElement) => {
      if (!img.complete) await new Promise((r) => img.addEventListener('load', r, { once: true }));
      return { w: img.naturalWidth, h: img.naturalHeight };
    });
    expect(natural.w).toBeLessThanOrEqual(2048);
    expect(natural.w).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await closePage(page);
  });
});

describe('every message in the person’s language (defect 9) and the minor defects (10)', () => {
  it('a bad phone number is explained in Chinese, by the field’s name, without request paths', async () => {
    const page = await openPage('/');
    await page.getByTestId('portal-type').selectOption('help');
    await page.getByTestId('portal-title').fill('路灯不亮');
    await page.getByTestId('portal-text').fill('和平里七区路灯已坏两周。');
    await page.getByTestId('portal-phone').fill('abc');
    await page.getByTestId('portal-submit').click();
    const error = page.getByTestId('error');
    await error.waitFor();
    const text = (await error.textContent()) ?? '';
    expect(text).toContain('联系电话');
    expect(text).not.toMatch(/requester|phone|[A-Za-z]{3,}/);
    await closePage(page);
  });

  it('English mode shows the recorded routing explanation in English', async () => {
    const order = await intakeAndDispatch(browser(), base, '东华门大街井盖松动');
    const page = await loginAs('supervisor');
    await openFromQueue(page, order.code, 'all');
    await page.getByTestId('lang-en').click();
    const card = page.getByTestId('order-routing');
    await card.filter({ hasText: /leads|takes it/ }).waitFor();
    await page.getByTestId('lang-zh').click();
    await closePage(page);
  });

  it('signed-out pages ask who is signed in without a 401; citizens see no staff navigation', async () => {
    const page = await openPage('/api/health');
    const unauthorised: string[] = [];
    const consoleErrors: string[] = [];
    page.on('response', (r) => r.status() >= 400 && unauthorised.push(`${r.status()} ${r.url()}`));
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    for (const p of ['/', '/console', '/grid', '/command-centre']) {
      await page.goto(p);
      await page.waitForLoadState('networkidle');
    }
    expect(unauthorised).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await closePage(page);

    const citizen = await loginAs('citizen');
    await citizen.getByTestId('citizen-notice').waitFor();
    expect(await citizen.getByTestId('nav-queue').count()).toBe(0);
    // The role is shown once, beside the name, not inside it.
    expect(await citizen.getByTestId('user-name').textContent()).not.toMatch(/市民|（/);
    await closePage(citizen);
    expect(pageErrors).toEqual([]);
  });
});
