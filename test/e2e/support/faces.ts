import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { ROOT } from './server.ts';

/** Where the browser run leaves a screenshot of each face at each width (named in the README). */
export const SCREENSHOTS_DIR = path.join(ROOT, '.tmp', 'screenshots');

export const WIDTHS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Refuses and records every request to a host other than the server's: government intranets are
 * isolated, so a page that needs a CDN or a font service is broken there.
 */
export async function isolate(page: Page, baseUrl: string): Promise<string[]> {
  const own = new URL(baseUrl).host;
  const foreign: string[] = [];
  await page.context().route('**/*', (route) => {
    const url = route.request().url();
    const host = /^(https?|wss?):/.test(url) ? new URL(url).host : own;
    if (host === own) return route.continue();
    foreign.push(url);
    return route.abort('blockedbyclient');
  });
  return foreign;
}

export type AxeViolation = { id: string; impact: string | null; help: string; targets: string[] };

/** axe-core run in the page; only serious and critical violations are returned. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

export const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/**
 * The page as it stands passes axe at both widths, fits a phone and asked no other host; `visible`
 * names what the test put on it, so the check runs on the state under test. Ends at 1366 px.
 */
export async function checkFaceWidths(page: Page, baseUrl: string, visible: string, what: string): Promise<void> {
  const foreign = await isolate(page, baseUrl);
  for (const w of WIDTHS) {
    await page.setViewportSize({ width: w.width, height: w.height });
    await page.getByTestId(visible).first().waitFor();
    expect(await seriousViolations(page), `${what} at ${w.width}`).toEqual([]);
    if (w.width === 390) expect(await pageWidth(page), `${what} at 390`).toBeLessThanOrEqual(390);
  }
  await page.setViewportSize({ width: 1366, height: 900 });
  expect(foreign).toEqual([]);
}
