import fs from 'node:fs';
import { AppError } from '../../lib/errors.ts';

/**
 * A font with Chinese glyphs for the PDF report, found at run time: `SHAOBAO_REPORT_FONT`
 * (`/path/font.ttc` or `/path/font.ttc#PostScriptName` for a collection) first, then the usual
 * places of Noto Sans CJK, WenQuanYi, Droid Sans Fallback, PingFang and Microsoft YaHei. No font
 * is shipped: a CJK font is 15–20 MB, and every Linux desktop or server image can install one
 * (Debian: fonts-noto-cjk). Without one the report answers `report_font_missing`, not a broken PDF.
 */

export type ReportFont = { path: string; family?: string };

const CANDIDATES: ReportFont[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', family: 'NotoSerifCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' },
  { path: '/System/Library/Fonts/PingFang.ttc', family: 'PingFangSC-Regular' },
  { path: '/System/Library/Fonts/STHeiti Light.ttc', family: 'STHeitiSC-Light' },
  { path: 'C:\\Windows\\Fonts\\msyh.ttc', family: 'MicrosoftYaHei' },
  { path: 'C:\\Windows\\Fonts\\simhei.ttf' },
];

export function parseFontSetting(setting: string): ReportFont {
  const i = setting.lastIndexOf('#');
  return i > 0 ? { path: setting.slice(0, i), family: setting.slice(i + 1) } : { path: setting };
}

/** The configured font if set (and then only it), else the first candidate present. */
export function findReportFont(setting = process.env.SHAOBAO_REPORT_FONT, candidates = CANDIDATES): ReportFont {
  const list = setting ? [parseFontSetting(setting)] : candidates;
  const hit = list.find((f) => fs.existsSync(f.path));
  if (hit) return hit;
  throw new AppError(
    'report_font_missing',
    setting
      ? `The report font ${setting} (SHAOBAO_REPORT_FONT) does not exist.`
      : 'No font with Chinese glyphs was found for the PDF report. Install one (Debian: apt-get install fonts-noto-cjk) or set SHAOBAO_REPORT_FONT=/path/to/font.ttc[#PostScriptName].',
    { setting: setting ?? null, looked: list.map((f) => f.path) },
    '未找到可显示中文的字体，无法生成 PDF 报告。请安装中文字体（如 fonts-noto-cjk）或设置 SHAOBAO_REPORT_FONT。',
  );
}
