import { setImmediate as yieldNow } from 'node:timers/promises';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import { addDays, shanghaiDate, shanghaiMidnight } from '../deadlines/calendar.ts';
import * as c from './history-commands.ts';
import { liveDispatched, liveShort, dur, type LifeCtx } from './history-life.ts';
import { dropLoadIndexes, worthRebuilding } from './history-indexes.ts';
import { finalizeHistory, loadBatch, reserveIds } from './history-loader.ts';
import type { OrderSim } from './history-order-sim.ts';
import { newOrder, topicSampler, type Draft } from './history-orders.ts';
import { createRng, weighted, type Rng } from './history-random.ts';
import { emptyBatch, type HistoryBatch, type Ms } from './history-tables.ts';
import { loadWorld, type Routed, type World } from './history-world.ts';

export type GenerateOptions = {
  orders: number;
  months?: number;
  seed?: string;
  /** the window ends at Shanghai midnight starting this day (default: today, so the history ends yesterday) */
  end?: Date;
  append?: boolean;
  batchSize?: number;
  /** drop the loaded tables' secondary indexes and build them after the load (default: when the load at least doubles the table) */
  rebuildIndexes?: boolean;
  progress?: (done: number, total: number) => void;
  /** what happens after the rows are in (visibility, each index rebuilt) */
  note?: (text: string) => void;
};

export type GenerateResult = { orders: number; rows: Record<string, number>; seconds: number; ordersPerSecond: number; from: Date; to: Date };

const MIN = 60_000;
const WEEKDAY = [0.8, 1.08, 1.05, 1.02, 1.0, 0.98, 0.85]; // Sunday first
const HOURS = [0.15, 0.08, 0.05, 0.04, 0.05, 0.12, 0.35, 0.8, 1.4, 1.7, 1.7, 1.5, 1.2, 1.3, 1.5, 1.5, 1.4, 1.3, 1.2, 1.2, 1.1, 0.9, 0.6, 0.3];
const DECLINE = weighted<[string, number]>(
  [['repeat_no_new_facts', 35], ['outside_duty', 25], ['other_channel', 20], ['emergency_referral', 10], ['illegal_request', 5], ['secret_or_privacy', 5]],
  (x) => x[1],
);
const INQUIRY_SHARE = 0.575;

/** Writes `orders` orders of realistic history for the demo city, streamed in batches. */
export async function generateHistory(db: Db, opts: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  if (!opts.append && (await db.query('select 1 from work_orders limit 1')).rows.length) {
    throw new AppError('conflict', 'The database already holds work orders; pass --append to add generated history to them.', {}, '数据库中已有工单；如需追加生成的历史数据，请使用 --append。');
  }
  const seed = opts.seed ?? 'shaobao';
  const endDay = shanghaiDate(opts.end ?? new Date());
  const end = shanghaiMidnight(endDay).getTime();
  const startDay = monthsBefore(endDay, opts.months ?? 3);
  const start = shanghaiMidnight(startDay).getTime();
  const world = await loadWorld(db, new Date(start));
  // Foreign keys hold by construction; a superuser may skip their per-row checks while loading, anyone else pays for them.
  const skipChecks = (await db.query<{ su: boolean }>(`select current_setting('is_superuser') = 'on' as su`)).rows[0].su;
  const bulk = opts.rebuildIndexes ?? (await worthRebuilding(db, opts.orders));
  if (bulk) {
    const n = await dropLoadIndexes(db);
    opts.note?.(`${n} secondary indexes dropped for the load; they are built again at the end`);
  }
  const rng = createRng(seed);
  const lag = () => rng.int(1, 30) * 1000;
  const pickStreet = weighted(world.streets, (s) => s.population);
  const pickPlace = new Map(world.streets.map((s) => [s.id, weighted(s.places, (p) => s.placeWeights[s.places.indexOf(p)])]));
  const topics = { dispatch: topicSampler(world.dispatchTopics), inquiry: topicSampler(world.inquiryTopics) };
  const pickHour = weighted(HOURS.map((w, h) => ({ w, h })), (x) => x.w);
  const batchSize = opts.batchSize ?? 5000;
  const rows: Record<string, number> = {};
  const total = opts.orders;
  let done = 0;
  // Two batches load at once while the next is generated: the server overlaps them, the embedded engine queues them.
  const inflight = new Set<Promise<void>>();
  let drafts: Draft[] = [];
  let fromId = 0;
  let toId = 0;

  const flush = async () => {
    if (!drafts.length) return;
    const { ids, codes } = await reserveIds(db, drafts.length);
    fromId ||= ids[0];
    toId = ids[ids.length - 1];
    const batch = await buildBatch(world, rng, seed, end, drafts, ids, codes, lag);
    drafts = [];
    while (inflight.size >= 2) await Promise.race(inflight);
    for (const [k, v] of Object.entries(batch)) rows[k] = (rows[k] ?? 0) + v.length;
    const n = batch.orders.length;
    const p: Promise<void> = db.transaction((tx) => loadBatch(tx, batch, skipChecks)).then(() => {
      inflight.delete(p);
      done += n;
      opts.progress?.(done, total);
    });
    inflight.add(p);
  };

  const days = dayCounts(startDay, endDay, total);
  for (const [day, n] of days) {
    const midnight = shanghaiMidnight(day).getTime();
    const month = Number(day.slice(5, 7)) - 1;
    const times = Array.from({ length: n }, () => midnight + pickHour(rng).h * 3_600_000 + Math.floor(rng.next() * 3_600_000)).sort((a, b) => a - b);
    for (const received of times) {
      const street = pickStreet(rng);
      const kind = rng.chance(INQUIRY_SHARE) ? 'inquiry' : 'dispatch';
      drafts.push({ kind, topic: topics[kind](rng, month), place: pickPlace.get(street.id)!(rng), received });
      if (drafts.length >= batchSize) await flush();
    }
  }
  await flush();
  await Promise.all(inflight);
  const loaded = (performance.now() - started) / 1000;
  opts.note?.(`${done.toLocaleString('en')} orders loaded in ${loaded.toFixed(1)} s (${Math.round(done / loaded).toLocaleString('en')}/s)`);
  // Counting afresh needs no other writer: a new database, or a bulk load, which is not run beside a busy server.
  await finalizeHistory(db, { fromId, toId, from: start, to: end }, { recount: bulk || !opts.append, note: opts.note });
  const seconds = (performance.now() - started) / 1000;
  return { orders: done, rows, seconds, ordersPerSecond: done / seconds, from: new Date(start), to: new Date(end) };
}

async function buildBatch(world: World, rng: Rng, seed: string, end: Ms, drafts: Draft[], ids: number[], codes: number[], lag: () => number): Promise<HistoryBatch> {
  const out = emptyBatch();
  const recent = new Map<number, { sim: OrderSim; draft: Draft }>();
  const sims: OrderSim[] = [];
  for (let i = 0; i < drafts.length; i++) {
    let d = drafts[i];
    // Another caller reporting a matter already in hand: same topic and place, merged into the first order.
    const prior = d.kind === 'dispatch' && rng.chance(0.02) ? recent.get(d.place.streetId) : undefined;
    if (prior && d.received - prior.sim.o.received_at < 3 * 86_400_000) d = { ...d, topic: prior.draft.topic, place: prior.draft.place };
    const s = newOrder(world, rng, out, end, ids[i], codes[i], d, lag);
    sims.push(s);
    if (d.kind === 'inquiry') {
      const who = c.hotline(s, s.o.channel === 'phone' ? 'intake_agent' : 'dispatcher');
      liveShort(s, () => c.answer(s, s.o.received_at + dur(rng, 4 * MIN, 0.6), who, d.topic.answers ? rng.pick(d.topic.answers) : '已答复'));
    } else if (rng.chance(0.012)) {
      liveShort(s, () => c.decline(s, s.o.received_at + dur(rng, 20 * MIN, 0.8), DECLINE(rng)[0]));
    } else if (prior && d.topic === prior.draft.topic && c.merge(s, s.o.received_at + dur(rng, 15 * MIN, 0.8), prior.sim)) {
      s.finish();
    } else {
      const route = await world.route(s.o.category!, s.o.street_id!, s.o.urgency as never, s.o.request_type, new Date(s.o.received_at));
      const x: LifeCtx = { world, rng, seed, route, other: (exclude) => otherUnit(world, rng, exclude) };
      liveDispatched(s, x);
      recent.set(d.place.streetId, { sim: s, draft: d });
    }
    if (i % 500 === 499) await yieldNow();
  }
  for (const s of sims) s.flush();
  return out;
}

/** Where a disputed or escalated order goes instead: another department, or the district government. */
function otherUnit(world: World, rng: Rng, exclude: number): Routed {
  const pool = world.departments.filter((u) => u.id !== exclude && u.kind === 'department');
  const u = rng.chance(0.3) || !pool.length ? { id: world.districtId, name: '区政府', kind: 'district' } : rng.pick(pool);
  if (u.id === exclude) return otherUnit(world, rng, -1);
  return { leadUnitId: u.id, leadUnitName: u.name, leadKind: u.kind, coHandlerUnitIds: [], copyTo: null, ruleId: null, dutyListId: null, taxonomyVersionId: null, proposal: '{}' };
}

/** Orders per day: weekday-shaped, summing exactly to `total`. */
function dayCounts(startDay: string, endDay: string, total: number): [string, number][] {
  const days: [string, number][] = [];
  for (let d = startDay; d < endDay; d = addDays(d, 1)) days.push([d, WEEKDAY[new Date(`${d}T00:00:00Z`).getUTCDay()]]);
  const sum = days.reduce((a, [, w]) => a + w, 0);
  let acc = 0;
  let given = 0;
  return days.map(([d, w]) => {
    acc += (w / sum) * total;
    const n = Math.round(acc) - given;
    given += n;
    return [d, n];
  });
}

function monthsBefore(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1 - Math.floor(months), d));
  const extraDays = Math.round((months % 1) * 30);
  return addDays(t.toISOString().slice(0, 10), -extraDays);
}
