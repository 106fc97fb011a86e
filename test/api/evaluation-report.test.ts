import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, expectError } from '../support/factories.ts';
import { findReportFont } from '../../src/server/modules/evaluation/report-font.ts';
import { BASIC, calledBack, callbackIdOf, SAT, score, SILENT, UNSOLVED } from '../support/evaluation-factories.ts';

// 东华门, worked out by hand with the default policy (10/50/40, basic × 0.9, minimum volume 5):
//   2026-02: SAT, UNSOLVED          → N 2, 响应 1, 解决 0.5, 满意 0.5              → 10 + 25 + 20 = 55.00
//   2026-03: SAT, BASIC, SILENT     → N 3, 响应 2/3, 解决 2/3, 满意 1.9/3          → 6.667 + 33.333 + 25.333 = 65.33
// March categories: SAT and BASIC 14.02 (教育行政管理), SILENT 01.10.03 (物业服务): the worst category
// is 01.10 住房保障与房地产 (满意 0), then 14.02 (满意 0.95).

let t: TestApp;
let dhm: number;
let district: number;
const DHM = DEMO.streets.donghuamen;
const march: any[] = [];

beforeAll(async () => {
  t = await createTestApp(new Date('2026-02-10T02:00:00Z'));
  dhm = await t.unitId(DHM);
  district = await t.unitId(DEMO.district);
  await calledBack(t, DHM, SAT);
  await calledBack(t, DHM, UNSOLVED);
  t.clock.t = new Date('2026-03-10T02:00:00Z').getTime();
  march.push(await calledBack(t, DHM, SAT), await calledBack(t, DHM, BASIC), await calledBack(t, DHM, SILENT));
  for (const [o, code] of [[march[0], '14.02'], [march[1], '14.02'], [march[2], '01.10.03']] as const) {
    await t.db.query('update work_orders set category = $2 where id = $1', [o.id, code]);
  }
  const appeal = await t.post('/api/evaluation/appeals', { callbackId: await callbackIdOf(t, march[2].id), reason: '回访时诉求人未接听，不应计入', outcome: 'invalidate' }, 'donghuamen');
  expect(appeal.status, JSON.stringify(appeal.body)).toBe(201);
});
afterAll(() => t.close());

const report = async (unitId: number, as = 'supervisor') => {
  const r = await t.get(`/api/evaluation/reports/${unitId}?period=2026-03`, as);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};

describe('the monthly report', () => {
  it('this period against the last, as the scores API gives them', async () => {
    const r = await report(dhm);
    expect(r.current.compositeScore).toBe(65.33);
    expect(r.previous.compositeScore).toBe(55);
    expect(r.change.compositeScore).toBe(10.33);
    expect(r.current).toEqual(await score(t, DHM, '2026-03'));
    expect(r.previous).toEqual(await score(t, DHM, '2026-02'));
    expect(r.trend).toHaveLength(12);
    expect(r.trend[10].compositeScore).toBe(55);
    expect(r.rank).toMatchObject({ group: 'streets', rank: null, minimumVolume: 5 });
  });

  it('indicators, 七有/五性, worst categories and appeals', async () => {
    const r = await report(dhm, 'donghuamen');
    expect(r.indicators.map((i: any) => i.key)).toContain('onTimeSignRate');
    const dims = Object.fromEntries(r.dimensions.items.map((d: any) => [d.key, d]));
    expect(dims.education).toMatchObject({ volume: 2, validCallbacks: 2, satisfactionRate: 0.95 });
    expect(dims.housing).toMatchObject({ volume: 1, validCallbacks: 1, satisfactionRate: 0 });
    expect(r.worstCategories.map((w: any) => [w.categoryCode, w.name, w.validCallbacks, w.satisfactionRate])).toEqual([
      ['01.10', '住房保障与房地产', 1, 0],
      ['14.02', '教育行政管理', 2, 0.95],
    ]);
    expect(r.appeals).toEqual([expect.objectContaining({ orderId: march[2].id, status: 'pending', outcome: 'invalidate' })]);
  });

  it('the district’s report lists its streets', async () => {
    const r = await report(district, 'district');
    const row = r.streets.find((s: any) => s.unitId === dhm);
    expect(row).toMatchObject({ compositeScore: 65.33, validCallbacks: 3, rank: null });
    expect(r.streets.every((s: any) => typeof s.name === 'string')).toBe(true);
  });

  it('is visible to the unit, its district and the hotline centre only', async () => {
    expectError(await t.get(`/api/evaluation/reports/${dhm}?period=2026-03`, 'hepingli'), 403, 'forbidden');
    expectError(await t.get(`/api/evaluation/reports/${dhm}/report.pdf?period=2026-03`, 'hepingli'), 403, 'forbidden');
    expectError(await t.get(`/api/evaluation/reports/${district}?period=2026-03`, 'donghuamen'), 403, 'forbidden');
  });
});

// The PDF needs a font with Chinese glyphs on the machine (npm test installs fonts-noto-cjk as root).
const FONT = (() => {
  try {
    return findReportFont();
  } catch {
    console.warn('No CJK font on this machine (apt-get install fonts-noto-cjk): the PDF contents are not checked, only the refusal.');
    return null;
  }
})();

describe('the PDF', () => {
  it.skipIf(!FONT)('is a PDF of several pages whose figures are the API’s', async () => {
    const res = await t.app.request(`/api/evaluation/reports/${dhm}/report.pdf?period=2026-03`, { headers: { authorization: `Bearer ${await tokenOf('donghuamen')}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const buf = Buffer.from(await res.arrayBuffer());
    // To look at it: EVALUATION_REPORT_OUT=/tmp/r.pdf, then pdftoppm -png /tmp/r.pdf /tmp/r
    if (process.env.EVALUATION_REPORT_OUT) fs.writeFileSync(process.env.EVALUATION_REPORT_OUT, buf);
    expect(buf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = buf.toString('latin1').match(/\/Type \/Page\b/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const text = pdfText(buf);
    if (text === null) return console.warn('pdftotext (poppler-utils) is not installed: the PDF text is not checked');
    const flat = text.replace(/\s+/g, ' ');
    for (const s of ['东华门', '65.33', '55.00', '+10.33', '66.67%', '63.33%', '住房保障与房地产', '学有所教', '按时签收率']) expect(flat).toContain(s);
  });

  it.skipIf(!FONT)('the district PDF in English', async () => {
    const res = await t.app.request(`/api/evaluation/reports/${district}/report.pdf?period=2026-03&lang=en`, { headers: { authorization: `Bearer ${await tokenOf('district')}` } });
    expect(res.status).toBe(200);
    const buf = Buffer.from(await res.arrayBuffer());
    if (process.env.EVALUATION_REPORT_OUT) fs.writeFileSync(process.env.EVALUATION_REPORT_OUT.replace(/\.pdf$/, '-district.pdf'), buf);
    const text = pdfText(buf);
    if (text !== null) expect(text).toContain('Streets and townships');
  });

  it('without a CJK font the answer is report_font_missing, not a broken PDF', async () => {
    const before = process.env.SHAOBAO_REPORT_FONT;
    process.env.SHAOBAO_REPORT_FONT = '/nonexistent/font.ttc';
    try {
      expectError(await t.get(`/api/evaluation/reports/${dhm}/report.pdf?period=2026-03`, 'supervisor'), 422, 'report_font_missing');
    } finally {
      if (before === undefined) delete process.env.SHAOBAO_REPORT_FONT;
      else process.env.SHAOBAO_REPORT_FONT = before;
    }
  });
});

async function tokenOf(user: string): Promise<string> {
  const r = await t.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: `demo-${user}-2026` }) });
  return ((await r.json()) as { token: string }).token;
}

function pdfText(buf: Buffer): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
  try {
    fs.writeFileSync(path.join(dir, 'r.pdf'), buf);
    return execFileSync('pdftotext', ['-layout', path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
