import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import { CHANNEL_LABELS, REQUEST_TYPE_LABELS } from '../../../shared/labels.ts';
import { addDays } from '../deadlines/calendar.ts';
import { checkPeriod, daysBetween, lastYear, LOCAL, visibleOrdersWhere, type AnalysisFilter } from './analysis-filter.ts';
import { countsFromRollup } from './volume-rollup.ts';

export const DIMENSIONS = ['street', 'community', 'grid', 'category', 'channel', 'requestType', 'day', 'hour', 'weekday', 'month'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

const KEY_SQL: Record<Dimension, string> = {
  street: 'o.street_id',
  community: 'o.community_id',
  grid: 'o.grid_id',
  category: 'o.category',
  channel: 'o.channel',
  requestType: 'o.request_type',
  day: `to_char(${LOCAL}, 'YYYY-MM-DD')`,
  hour: `extract(hour from ${LOCAL})::int`,
  weekday: `extract(isodow from ${LOCAL})::int`,
  month: `to_char(${LOCAL}, 'YYYY-MM')`,
};

export type VolumeItem = { key: string | number | null; name: string; nameEn: string | null; count: number; lastYear?: number };
export type VolumeInput = AnalysisFilter & { by: Dimension; categoryLevel?: number; compare?: 'lastYear' };

const WEEKDAYS_ZH = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const WEEKDAYS_EN = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The category code cut to its first `level` parts (level 1: 城乡建设, 2: 城乡建设 › 安全生产…). */
function categoryKey(level: number | undefined): string {
  return level ? `array_to_string((string_to_array(o.category, '.'))[1:${level}], '.')` : KEY_SQL.category;
}

async function counts(db: Db, now: Date, actor: Actor, f: VolumeInput): Promise<Map<string, number>> {
  return (await countsFromRollup(db, now, actor, f)) ?? countOrders(db, actor, f);
}

async function countOrders(q: Queryable, actor: Actor, f: VolumeInput): Promise<Map<string, number>> {
  const params: unknown[] = [];
  const where = visibleOrdersWhere(actor, f, params);
  const key = f.by === 'category' ? categoryKey(f.categoryLevel) : KEY_SQL[f.by];
  const r = await q.query<{ k: string | number | null; n: number }>(`select ${key} as k, count(*)::int as n from work_orders o where ${where} group by 1`, params);
  return new Map(r.rows.map((x) => [String(x.k), x.n]));
}

/** Every key of a time dimension inside the period, so a chart shows the empty hours and days too. */
function timeKeys(by: Dimension, from: string, to: string): string[] | null {
  if (by === 'hour') return Array.from({ length: 24 }, (_, i) => String(i));
  if (by === 'weekday') return Array.from({ length: 7 }, (_, i) => String(i + 1));
  if (by === 'day') return Array.from({ length: daysBetween(from, to) + 1 }, (_, i) => addDays(from, i));
  if (by === 'month') {
    const out: string[] = [];
    for (let m = from.slice(0, 7); m <= to.slice(0, 7); ) {
      out.push(m);
      const [y, mm] = m.split('-').map(Number);
      m = mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
    }
    return out;
  }
  return null;
}

/** A key of last year's period as the key of this year's that it compares with. */
function shiftKey(by: Dimension, k: string): string {
  if (by === 'day' || by === 'month') return nextYear(k);
  return k;
}

const nextYear = (k: string) => `${Number(k.slice(0, 4)) + 1}${k.slice(4)}`;

/**
 * Orders taken in over a period, counted by one dimension, over the orders the actor may see;
 * with `compare=lastYear`, the same dates a year earlier beside each key. Places are keyed by unit
 * id, categories by code, channels and request types by code, days by date (all Asia/Shanghai).
 */
export async function volume(ctx: { db: Db; now: () => Date }, actor: Actor, f: VolumeInput) {
  checkPeriod(f.from, f.to);
  const q = ctx.db;
  const now = await counts(q, ctx.now(), actor, f);
  let before: Map<string, number> | null = null;
  let compare: { from: string; to: string; total: number } | null = null;
  if (f.compare === 'lastYear') {
    const from = lastYear(f.from);
    const to = lastYear(f.to);
    const month = f.month ? `${Number(f.month.slice(0, 4)) - 1}${f.month.slice(4)}` : undefined;
    const raw = await counts(q, ctx.now(), actor, { ...f, from, to, month });
    before = new Map();
    for (const [k, n] of raw) before.set(shiftKey(f.by, k), (before.get(shiftKey(f.by, k)) ?? 0) + n);
    compare = { from, to, total: [...raw.values()].reduce((a, b) => a + b, 0) };
  }
  const keys = timeKeys(f.by, f.from, f.to) ?? [...new Set([...now.keys(), ...(before?.keys() ?? [])])];
  const names = await nameKeys(q, f.by, keys);
  const items: VolumeItem[] = keys.map((k) => {
    const key = k === 'null' ? null : ['street', 'community', 'grid', 'hour', 'weekday'].includes(f.by) ? Number(k) : k;
    const item: VolumeItem = { key, ...(names.get(k) ?? { name: k === 'null' ? '未注明' : k, nameEn: k === 'null' ? 'Not given' : null }), count: now.get(k) ?? 0 };
    if (before) item.lastYear = before.get(k) ?? 0;
    return item;
  });
  if (!timeKeys(f.by, f.from, f.to)) items.sort((a, b) => b.count - a.count || (b.lastYear ?? 0) - (a.lastYear ?? 0) || String(a.key).localeCompare(String(b.key)));
  return { from: f.from, to: f.to, by: f.by, total: [...now.values()].reduce((a, b) => a + b, 0), compare, items };
}

async function nameKeys(q: Queryable, by: Dimension, keys: string[]): Promise<Map<string, { name: string; nameEn: string | null }>> {
  const out = new Map<string, { name: string; nameEn: string | null }>();
  const real = keys.filter((k) => k !== 'null');
  if (by === 'street' || by === 'community' || by === 'grid') {
    const r = await q.query<{ id: number; name: string; name_en: string | null }>('select id, name, name_en from units where id = any($1::int[])', [real.map(Number)]);
    for (const u of r.rows) out.set(String(u.id), { name: u.name, nameEn: u.name_en });
  } else if (by === 'category') {
    const r = await q.query<{ code: string; name: string; name_en: string | null }>(
      'select distinct on (code) code, name, name_en from categories where code = any($1::text[]) order by code, taxonomy_version_id desc',
      [real],
    );
    for (const c of r.rows) out.set(c.code, { name: c.name, nameEn: c.name_en });
  } else if (by === 'channel' || by === 'requestType') {
    const labels = by === 'channel' ? CHANNEL_LABELS : REQUEST_TYPE_LABELS;
    for (const k of real) out.set(k, { name: labels[k]?.zh ?? k, nameEn: labels[k]?.en ?? k });
  } else if (by === 'weekday') {
    for (const k of real) out.set(k, { name: WEEKDAYS_ZH[Number(k) - 1], nameEn: WEEKDAYS_EN[Number(k) - 1] });
  } else if (by === 'hour') {
    for (const k of real) out.set(k, { name: `${k.padStart(2, '0')}时`, nameEn: `${k.padStart(2, '0')}:00` });
  } else {
    for (const k of real) out.set(k, { name: k, nameEn: k });
  }
  return out;
}
