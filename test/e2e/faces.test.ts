import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePage, pageErrors } from './support/browser.ts';
import { intakeViaConsole } from './support/console.ts';
import { isolate, pageWidth, screenshot, seriousViolations, WIDTHS } from './support/faces.ts';
import { useE2e } from './support/use-e2e.ts';

const { base, loginAs, openPage } = useE2e();
let orderPath = '';

type Face = { name: string; user?: string; path: () => string; ready: string; narrowChecked?: boolean };

/** Every face people use, signed in as the role that lives in it. */
const FACES: Face[] = [
  { name: 'portal-file', path: () => '/', ready: '[data-testid="portal-submit"]' },
  { name: 'portal-track', path: () => '/?view=track', ready: '[data-testid="track-submit"]' },
  { name: 'console-login', path: () => '/console', ready: '[data-testid="login-submit"]' },
  { name: 'console-queue', user: 'dispatcher', path: () => '/console', ready: '[data-testid="queue-table"]', narrowChecked: true },
  { name: 'console-order', user: 'dispatcher', path: () => orderPath, ready: '[data-testid="order-page"]', narrowChecked: true },
  { name: 'console-intake', user: 'agent', path: () => '/console/intake', ready: '[data-testid="intake-submit"]', narrowChecked: true },
  { name: 'console-taxonomy', user: 'admin', path: () => '/console/taxonomy', ready: 'main .card' },
  { name: 'console-duty-lists', user: 'admin', path: () => '/console/duty-lists', ready: 'main .card' },
  { name: 'console-catalogue', user: 'admin', path: () => '/console/dispatch-rules', ready: 'main .card' },
  { name: 'command-centre', user: 'supervisor', path: () => '/command-centre', ready: 'main' },
  { name: 'grid-app', user: 'grid1', path: () => '/grid', ready: '[data-testid="grid-submit"]' },
];

const timings: string[] = [];
/** The targets (issue 11): first screen under 2 s, interactions under 100 ms. */
const FIRST_SCREEN_MS = 2000;
const INTERACTION_MS = 100;
// The run shares two cores with other work; a page three times over its target fails however loaded the machine is.
const SHARED_MACHINE_SLACK = 3;

beforeAll(async () => {
  const agent = await loginAs('agent');
  const o = await intakeViaConsole(agent, {
    title: '东华门大街路灯不亮',
    text: '东华门大街1号门前路灯不亮已经一周，晚上走路很危险，请尽快维修。',
    street: '东华门街道',
    address: '东华门大街1号',
    name: '孙七',
    phone: '13922223333',
  });
  orderPath = `/console/orders/${o.id}`;
  await closePage(agent);
});
afterAll(async () => {
  console.log(`[timing] first screen (navigation start → ready), ms:\n${timings.join('\n')}`);
});

async function open(face: Face): Promise<Page> {
  return face.user ? loginAs(face.user) : openPage('/api/health');
}

describe('every face: accessible, self-contained, fits the screen (issue 11)', () => {
  for (const face of FACES) {
    it(`${face.name}: no serious axe violation and no request to another host at 1440 and 390 px`, async () => {
      const page = await open(face);
      const foreign = await isolate(page, base);
      for (const w of WIDTHS) {
        await page.setViewportSize({ width: w.width, height: w.height });
        await page.goto(face.path());
        await page.locator(face.ready).first().waitFor();
        // The page's own clock: from navigation start to the first useful screen, without playwright's round trips.
        const firstScreen = Math.round(await page.evaluate(() => performance.now()));
        timings.push(`${face.name} ${w.name}: ${firstScreen}`);
        expect(firstScreen, `${face.name} first screen`).toBeLessThan(FIRST_SCREEN_MS * SHARED_MACHINE_SLACK);
        await page.waitForLoadState('networkidle');
        const violations = await seriousViolations(page);
        expect(violations, `${face.name} at ${w.width} px`).toEqual([]);
        if (w.width === 390) {
          const width = await pageWidth(page);
          // The console pages are where the phone layout broke; the others are checked too.
          expect(width, `${face.name} is ${width} px wide in a 390 px screen`).toBeLessThanOrEqual(390);
        }
        await screenshot(page, `${face.name}-${w.name}`);
      }
      expect(foreign).toEqual([]);
      await closePage(page);
    });
  }

  it('serves static assets compressed (brotli or gzip, with Vary) and plain to clients that ask for nothing', async () => {
    const html = await (await fetch(`${base}/console`)).text();
    const assets = [...html.matchAll(/\/assets\/[\w.-]+\.(?:js|css)/g)].map((m) => m[0]);
    expect(assets.length).toBeGreaterThan(0);
    const http = await import('node:http');
    const head = (p: string, enc: string) =>
      new Promise<{ enc: string | undefined; vary: string | undefined; bytes: number }>((resolve, reject) => {
        http.get(`${base}${p}`, { headers: { 'accept-encoding': enc } }, (res) => {
          let bytes = 0;
          res.on('data', (b: Buffer) => (bytes += b.length));
          res.on('end', () => resolve({ enc: res.headers['content-encoding'], vary: res.headers.vary, bytes }));
        }).on('error', reject);
      });
    let raw = 0;
    let br = 0;
    for (const a of assets) {
      const plain = await head(a, 'identity');
      const b = await head(a, 'gzip, deflate, br');
      const g = await head(a, 'gzip');
      expect(plain.enc).toBeUndefined();
      expect(b.enc).toBe('br');
      expect(g.enc).toBe('gzip');
      expect(b.vary).toMatch(/accept-encoding/i);
      raw += plain.bytes;
      br += b.bytes;
    }
    timings.push(`console first-load assets: ${Math.round(raw / 1024)} KB raw, ${Math.round(br / 1024)} KB brotli`);
    expect(br).toBeLessThan(raw / 2);
  });

  it('interactions answer within 100 ms: queue → order without hover, opening an action form, switching language', async () => {
    const page = await loginAs('dispatcher');
    await page.goto('/console?queue=all');
    await page.locator(`a[href="${orderPath}"]`).waitFor();
    /**
     * Clicks in the page and waits, in the page, for each next screen in turn: what the person waits
     * for. `ready` pairs a name with what shows that screen (and, optionally, a text it must hold).
     */
    const measureEach = async (label: string, click: string, ready: [name: string, selector: string, text?: string][]) => {
      const ms = await page.evaluate(
        ([c, rs]) =>
          new Promise<number[]>((resolve) => {
            const t0 = performance.now();
            const seen: number[] = [];
            (document.querySelector(c) as HTMLElement).click();
            const shown = ([, r, tx]: (typeof rs)[number]) => [...document.querySelectorAll(r)].some((e) => (e.textContent ?? '').includes(tx ?? ''));
            const tick = () => {
              while (seen.length < rs.length && shown(rs[seen.length])) seen.push(performance.now() - t0);
              if (seen.length === rs.length) resolve(seen);
              else requestAnimationFrame(tick);
            };
            tick();
          }),
        [click, ready] as const,
      );
      ms.forEach((m, i) => timings.push(`interaction ${label}${ready[i][0]}: ${Math.round(m)}`));
      return ms;
    };
    const measure = async (label: string, click: string, ready: string, text = '') => (await measureEach(label, click, [['', ready, text]]))[0];
    // The queue settles first (its counts and badges arrive after the rows): the click is timed, not
    // the tail of the queue's own loading, which would hold back any click made during it.
    await page.waitForLoadState('networkidle');
    // No pointer rests on the link first (a keyboard or a touch screen): the page stands at once on
    // the queue's row, and the detail (timeline, actions) follows.
    const [nav, navDetail] = await measureEach('queue → order, no hover', `a[href="${orderPath}"]`, [
      [' (page from the row)', '[data-testid="order-page"]'],
      [' (full detail with its actions)', '[data-testid="order-page"][data-version]'],
    ]);
    await page.getByTestId('action-dispatch').waitFor();
    const form = await measure('open 派单 form', '[data-testid="action-dispatch"]', '[data-testid="action-form-dispatch"]');
    const lang = await measure('switch to English', '[data-testid="lang-en"]', '[data-testid="nav-queue"]', 'Work queue');
    await page.getByTestId('lang-zh').click();
    // As a mouse reaches a link: the pointer rests on another row's link before the click, and the
    // order is read while it rests.
    await page.getByTestId('nav-queue').click();
    const other = page.locator('[data-testid="queue-row-link"]').nth(1);
    await other.waitFor();
    const otherPath = await other.getAttribute('href');
    await other.hover();
    await page.waitForTimeout(150);
    const navHover = await measure('queue → order, pointer resting 150 ms first', `a[href="${otherPath}"]`, '[data-testid="order-page"][data-version]');
    expect(navHover).toBeLessThan(1000);
    expect(form).toBeLessThan(INTERACTION_MS * SHARED_MACHINE_SLACK);
    expect(lang).toBeLessThan(INTERACTION_MS * SHARED_MACHINE_SLACK);
    // The page from the queue's row needs no request: it is held to the target itself, not three times over.
    expect(nav).toBeLessThan(INTERACTION_MS);
    expect(navDetail).toBeLessThan(1000);
    await closePage(page);
    expect(pageErrors).toEqual([]);
  });
});
