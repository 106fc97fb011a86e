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

/** One state of a page checked at each width. */
export type FaceState = {
  /** Names it in failures and, with `shot`, its screenshots (`<shot>-desktop.png`, `<shot>-phone.png`). */
  what: string;
  /** Opened at each width; without it the page as it stands is checked (reloaded first with `reload`). */
  path?: string;
  reload?: boolean;
  /** What the test put on the page (a test id, or a wait of its own), so the check runs on the state under test. */
  ready?: string | ((page: Page) => Promise<unknown>);
  /** Waits for the page's requests to end (charts and lists that fill in after the first paint). */
  settle?: boolean;
  shot?: string;
};

type Options = {
  /** The server's address: any request to another host during the check fails it. Left out when the test isolates the page itself for longer. */
  baseUrl?: string;
};

/**
 * Each state passes axe (no serious or critical violation) at both widths and fits a phone, and the
 * page asked no other host meanwhile. Ends at 1366 px, the width pages open at.
 */
export async function checkFaceWidths(page: Page, states: FaceState | FaceState[], opts: Options = {}): Promise<void> {
  const foreign = opts.baseUrl ? await isolate(page, opts.baseUrl) : [];
  for (const w of WIDTHS) {
    await page.setViewportSize({ width: w.width, height: w.height });
    for (const s of Array.isArray(states) ? states : [states]) {
      if (s.path) await page.goto(s.path);
      else if (s.reload) await page.reload();
      if (typeof s.ready === 'string') await page.getByTestId(s.ready).first().waitFor();
      else if (s.ready) await s.ready(page);
      if (s.settle) await page.waitForLoadState('networkidle');
      expect(await seriousViolations(page), `${s.what} at ${w.width} px`).toEqual([]);
      if (w.width === 390) expect(await pageWidth(page), `${s.what} at 390 px`).toBeLessThanOrEqual(390);
      if (s.shot) await screenshot(page, `${s.shot}-${w.name}`);
    }
  }
  await page.setViewportSize({ width: 1366, height: 900 });
  expect(foreign).toEqual([]);
}

/** `checkFaceWidths` on the page reloaded at each width, once `ready` and its requests are done, photographed as `name`. */
export function checkReloadedFace(page: Page, baseUrl: string, name: string, ready: FaceState['ready']): Promise<void> {
  return checkFaceWidths(page, { what: name, shot: name, reload: true, ready, settle: true }, { baseUrl });
}
