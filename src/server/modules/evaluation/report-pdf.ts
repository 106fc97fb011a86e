import { PassThrough } from 'node:stream';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { EVALUATION_MESSAGES } from '../../../web/shared/messages-evaluation.ts';
import { dimensionsSvg, trendSvg } from './report-charts.ts';
import type { ReportFont } from './report-font.ts';
import type { Report } from './report-queries.ts';

/**
 * The monthly report as a PDF (pdfkit, charts by ECharts' SVG renderer through svg-to-pdfkit). The
 * document is piped out as pages are written, and the writer yields to the event loop between
 * sections, so a district report with many streets never holds the server up.
 */

type Msg = keyof typeof EVALUATION_MESSAGES;
const PAGE = { width: 595.28, height: 841.89, margin: 48 };
const BOTTOM = PAGE.height - PAGE.margin;
const FONT = 'cjk';

export function reportPdf(report: Report, font: ReportFont, lang: 'zh' | 'en'): PassThrough {
  const doc = new PDFDocument({ size: 'A4', margin: PAGE.margin, bufferPages: false, info: { Title: `${report.unit.name} ${report.period}`, Producer: 'Shaobao' } });
  doc.registerFont(FONT, font.path, font.family ?? '');
  doc.font(FONT);
  const out = new PassThrough();
  doc.pipe(out);
  write(doc, report, lang).then(
    () => doc.end(),
    (e: unknown) => out.destroy(e as Error),
  );
  return out;
}

// CJK fonts lack the subscript digits of the definitions (w₁).
const plain = (x: string) => x.replace(/[₁₂₃]/g, (d) => String('₁₂₃'.indexOf(d) + 1));

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

async function write(doc: PDFKit.PDFDocument, r: Report, lang: 'zh' | 'en'): Promise<void> {
  const t = (k: Msg, vars: Record<string, string | number> = {}) =>
    plain(Object.entries(vars).reduce<string>((s, [key, v]) => s.replaceAll(`{${key}}`, String(v)), EVALUATION_MESSAGES[k][lang === 'zh' ? 0 : 1]));
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const signed = (x: number, f: (v: number) => string) => (x > 0 ? `+${f(x)}` : x < 0 ? `−${f(-x)}` : f(0));
  const day = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const name = lang === 'en' && r.unit.nameEn ? r.unit.nameEn : r.unit.name;
  const left = PAGE.margin;
  const width = PAGE.width - 2 * PAGE.margin;
  const labels = { composite: t('ev.composite'), response: t('ev.responseRate'), resolution: t('ev.resolutionRate'), satisfaction: t('ev.satisfactionRate'), volume: t('ev.volume') };
  const dimName = (k: string) => t(`dim.${k}` as Msg);

  let lastHead: string[] = [];
  const heading = (text: string) => {
    if (doc.y > BOTTOM - 60) doc.addPage();
    doc.moveDown(0.6).fontSize(13).fillColor('#c8102e').text(text, left, doc.y, { width }).fillColor('#000').moveDown(0.3);
  };
  const note = (text: string) => doc.fontSize(8).fillColor('#555').text(text, left, doc.y, { width }).fillColor('#000').moveDown(0.3);
  /** A table whose columns share the width by the given fractions; a row that would not fit starts a new page. */
  const table = (cols: number[], header: string[] | null, rows: string[][], size = 9, head = header ?? lastHead) => {
    lastHead = head;
    const xs = cols.reduce<number[]>((acc, f, i) => [...acc, acc[i] + f * width], [left]);
    const row = (cells: string[], bold: boolean) => {
      doc.fontSize(size);
      const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: xs[i + 1] - xs[i] - 6 }))) + 6;
      if (doc.y + h > BOTTOM) {
        doc.addPage();
        // The header again at the top of a continued table.
        if (!bold) row(head, true);
      }
      const y = doc.y;
      if (bold) doc.rect(left, y, width, h).fill('#f2f2f2').fillColor('#000');
      cells.forEach((c, i) => doc.text(c, xs[i] + 3, y + 3, { width: xs[i + 1] - xs[i] - 6 }));
      doc.moveTo(left, y + h).lineTo(left + width, y + h).lineWidth(0.4).strokeColor('#bbbbbb').stroke();
      doc.x = left;
      doc.y = y + h;
    };
    if (header) row(head, true);
    rows.forEach((cells) => row(cells, false));
  };
  const chart = (svg: string, h: number) => {
    if (doc.y + h > BOTTOM) doc.addPage();
    SVGtoPDF(doc, svg, left, doc.y, { width, height: h, fontCallback: () => FONT, assumePt: true });
    doc.y += h + 6;
    doc.x = left;
  };

  // Page 1: the figures against last period, the rank and the trend.
  doc.fontSize(18).text(`${name} · ${t('ev.report')}`, { width });
  doc.fontSize(10).fillColor('#444').text(`${r.period}（${day(r.periodStart)} – ${day(new Date(new Date(r.periodEnd).getTime() - 1).toISOString())}）· ${t('ev.policyVersion')} v${r.policyVersion}`, { width });
  doc.fillColor('#000');
  heading(t('ev.composite'));
  const c = r.current;
  const p = r.previous;
  table(
    [0.34, 0.22, 0.22, 0.22],
    ['', t('ev.thisPeriod'), t('ev.lastPeriod'), t('ev.changes')],
    [
      [t('ev.composite'), c.compositeScore.toFixed(2), p.compositeScore.toFixed(2), signed(r.change.compositeScore, (x) => x.toFixed(2))],
      [t('ev.responseRate'), pct(c.responseRate), pct(p.responseRate), signed(r.change.responseRate, pct)],
      [t('ev.resolutionRate'), pct(c.resolutionRate), pct(p.resolutionRate), signed(r.change.resolutionRate, pct)],
      [t('ev.satisfactionRate'), pct(c.satisfactionRate), pct(p.satisfactionRate), signed(r.change.satisfactionRate, pct)],
      [t('ev.validCallbacks'), String(c.validCallbacks), String(p.validCallbacks), signed(c.validCallbacks - p.validCallbacks, String)],
    ],
    10,
  );
  doc.moveDown(0.4);
  const rank = r.rank.rank === null ? t('ev.unranked') : `${r.rank.rank} / ${r.rank.of}`;
  const change = r.rank.rankChange === null ? '' : ` · ${t('ev.rankChange')} ${signed(r.rank.rankChange, String)}`;
  doc.fontSize(10).text(`${t('ev.rankInGroup')}（${t(`ev.group.${r.rank.group}` as Msg)}）：${rank}${change}`, left, doc.y, { width });
  doc.text(`${t('ev.laggingFlags')}：${r.lagging.lagging ? `${t('ev.lagging')}（${r.lagging.reasons.map((x) => (x === 'bottom' ? `${t('ev.bottomCount')} ${r.lagging.bottomCount}` : `${t('ev.belowScore')} ${r.lagging.belowScore}`)).join('；')}）` : t('ev.notLagging')}`, { width });
  note(`${t('ev.def.responseRate')}；${t('ev.def.resolutionRate')}；${t('ev.def.satisfactionRate')}；${t('ev.def.composite')}`);
  heading(t('ev.trend'));
  chart(trendSvg(r, labels), 230);
  await tick();

  // Indicators with their definitions.
  heading(t('ev.indicators'));
  table(
    [0.24, 0.14, 0.14, 0.48],
    [t('ev.indicator'), t('ev.thisPeriod'), 'n / N', t('ev.definition')],
    r.indicators.map((i) => [
      t(`ind.${i.key}` as Msg),
      i.value === null ? '—' : i.key === 'requestsPerThousand' ? i.value.toFixed(2) : pct(i.value),
      `${i.numerator} / ${i.denominator}`,
      t(`ind.${i.key}.def` as Msg),
    ]),
    8,
  );
  await tick();

  // 七有 / 五性.
  heading(`${t('ev.sevenHaves')} · ${t('ev.fiveQualities')}`);
  note(`${t('ev.def.dimensions')} ${t('ev.mapVersion', { v: r.dimensions.mapVersion })}`);
  table(
    [0.22, 0.13, 0.13, 0.17, 0.17, 0.18],
    [t('ev.dimension'), t('ev.volume'), t('ev.validCallbacks'), t('ev.responseRate'), t('ev.resolutionRate'), t('ev.satisfactionRate')],
    r.dimensions.items.map((d) => {
      const rate = (x: number) => (d.validCallbacks ? pct(x) : '—');
      return [dimName(d.key), String(d.volume), String(d.validCallbacks), rate(d.responseRate), rate(d.resolutionRate), rate(d.satisfactionRate)];
    }),
  );
  chart(dimensionsSvg(r, Object.fromEntries(r.dimensions.items.map((d) => [d.key, dimName(d.key)])), labels), 200);
  await tick();

  heading(t('ev.worstCategories'));
  if (!r.worstCategories.length) doc.fontSize(10).text(t('ev.none'));
  else
    table(
      [0.4, 0.2, 0.2, 0.2],
      [t('ev.category'), t('ev.validCallbacks'), t('ev.resolutionRate'), t('ev.satisfactionRate')],
      r.worstCategories.map((w) => [`${w.categoryCode} ${w.name ?? ''}`, String(w.validCallbacks), pct(w.resolutionRate), pct(w.satisfactionRate)]),
    );

  heading(t('ev.appealsInPeriod'));
  if (!r.appeals.length) doc.fontSize(10).text(t('ev.none'));
  else
    table(
      [0.26, 0.16, 0.16, 0.42],
      [t('ev.order'), t('ev.status'), t('ev.outcome'), t('ev.note')],
      r.appeals.map((a) => [a.code, t(`ev.status.${a.status}` as Msg), t(`ev.outcome.${a.outcome}` as Msg), a.reason]),
    );

  if (r.streets.length) {
    heading(t('ev.streetsOfDistrict'));
    const rows = r.streets.map((s) => [
      s.rank === null ? '—' : String(s.rank),
      lang === 'en' && s.nameEn ? s.nameEn : s.name,
      s.compositeScore.toFixed(2),
      pct(s.responseRate),
      pct(s.resolutionRate),
      pct(s.satisfactionRate),
      String(s.validCallbacks),
      s.lagging ? t('ev.lagging') : '',
    ]);
    const head = [t('ev.rank'), t('ev.unit'), t('ev.composite'), t('ev.responseRate'), t('ev.resolutionRate'), t('ev.satisfactionRate'), t('ev.validCallbacks'), t('ev.lagging')];
    // A page of rows at a time, so a long list lets other requests through.
    for (let i = 0; i < rows.length; i += 40) {
      table([0.07, 0.25, 0.11, 0.11, 0.11, 0.11, 0.13, 0.11], i === 0 ? head : null, rows.slice(i, i + 40), 8);
      await tick();
    }
  }
  doc.moveDown(1).fontSize(8).fillColor('#777').text(`${t('ev.generatedAt')} ${r.generatedAt.replace('T', ' ').slice(0, 19)} UTC`, left, doc.y, { width });
}
