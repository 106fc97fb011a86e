import type { Db } from '../src/server/db/client.ts';
import { consumeAnalysisBatch } from '../src/server/modules/analysis/analysis-consumer.ts';

// The bench fill's words and places (read-path-fill.ts), so new orders repeat the history's.
const WORDS = ['占道经营', '噪音', '扰民', '垃圾', '清运', '供暖', '漏水', '路灯', '不亮', '违建', '油烟', '停车', '井盖', '积水', '电梯', '故障'];
const LANES = ['东四', '南锣鼓巷', '交道口', '北新桥', '和平里', '安定门', '朝阳门', '崇文门'];

/**
 * What the repeat consumer costs per order taken in: `n` orders through the intake API (places
 * and words like the history's, a third from a phone seen before), each timed; then the repeat
 * consumer's passes over their events, and the daily-counts consumer's over the same events as the
 * same run's reference. Both consumers run off the intake path (a timer), so intake latency itself
 * is what the intakes measure.
 */
export async function intakeWithConsumers(db: Db, n: number, post: (body: unknown) => Promise<void>, repeatBatch: () => Promise<{ more: boolean; events: number }>) {
  const streets = (await db.query<{ id: number; name: string }>(`select id, name from units where kind in ('street','township') and active order by id`)).rows;
  const first = (await db.query<{ n: number }>('select coalesce(max(id), 0) as n from work_order_events')).rows[0].n;
  const times: number[] = [];
  let x = 7;
  const next = () => (x = (x * 48271) % 2147483647);
  for (let i = 0; i < n; i++) {
    const s = streets[next() % streets.length];
    const w = [WORDS[next() % WORDS.length], WORDS[next() % WORDS.length]];
    const body = {
      channel: 'phone',
      requestType: 'complaint',
      title: w.join(''),
      text: `反映${s.name}${w.join('，')}，希望尽快处理。`,
      location: { streetId: s.id, address: `${s.name}${LANES[next() % LANES.length]}胡同${1 + (next() % 97)}号` },
      requester: { name: '市民', phone: `139${String(next() % (i % 3 === 0 ? 50 : 100_000_000)).padStart(8, '0')}` },
    };
    const a = performance.now();
    await post(body);
    times.push(performance.now() - a);
  }
  const events = (await db.query<{ n: number }>('select count(*)::int as n from work_order_events where id > $1', [first])).rows[0].n;
  let a = performance.now();
  for (let r = await repeatBatch(); r.more && r.events > 0; r = await repeatBatch());
  const repeatMs = performance.now() - a;
  // the daily counts' consumer has not run since the reads before these intakes either
  a = performance.now();
  for (let r = await consumeAnalysisBatch(db, new Date()); r.more && r.events > 0; r = await consumeAnalysisBatch(db, new Date()));
  const countsMs = performance.now() - a;
  const sorted = [...times].sort((p, q) => p - q);
  return { orders: n, events, intakeP50: sorted[Math.floor(n / 2)], intakeP95: sorted[Math.min(n - 1, Math.floor(n * 0.95))], repeatMs, countsMs };
}
