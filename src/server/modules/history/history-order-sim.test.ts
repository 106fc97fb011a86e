import { describe, expect, it } from 'vitest';
import { buildCalendar } from '../deadlines/calendar.ts';
import { BEIJING_DEFAULT_RULES } from '../deadlines/sla.ts';
import { DISPATCH_TOPICS } from './history-catalogue.ts';
import * as c from './history-commands.ts';
import { liveDispatched, unitTraits } from './history-life.ts';
import { CUT } from './history-order-sim.ts';
import { newOrder } from './history-orders.ts';
import { createRng, weighted } from './history-random.ts';
import { emptyBatch } from './history-tables.ts';
import type { Routed, World } from './history-world.ts';

const H = 3_600_000;
const place = { streetId: 10, communityId: 20, gridId: 30, lon: 116.41, lat: 39.92, names: ['东四十条'] };
const route: Routed = { leadUnitId: 10, leadUnitName: '东华门街道', leadKind: 'street', coHandlerUnitIds: [], copyTo: 2, ruleId: null, dutyListId: null, taxonomyVersionId: 1, proposal: '{}' };
const world = {
  districtId: 2, hotlineId: 1, streets: [], departments: [{ id: 40, name: '城管委', kind: 'department' }],
  unitDistrict: new Map([[10, 2], [40, 2]]), unitKind: new Map([[10, 'street'], [40, 'department'], [2, 'district']]), userOf: new Map(),
  policy: { id: 1, version: 1, name: 'p', rules: BEIJING_DEFAULT_RULES, warnFraction: 0.8, reHandlingDuration: { amount: 3, unit: 'days' } },
  calendar: buildCalendar([]),
  categories: new Map([['01.02.17', { code: '01.02.17', urgency: 'general', requestType: 'complaint', taxonomyVersionId: 1 }]]),
  dispatchTopics: [], inquiryTopics: [], route: async () => route,
} as unknown as World;
const topic = DISPATCH_TOPICS.find((t) => t.code === '01.02.17')!;
const received = new Date('2026-03-02T02:00:00Z').getTime();

function order(codeValue = 42, end = received + 60 * 24 * H) {
  const out = emptyBatch();
  const s = newOrder(world, createRng('t'), out, end, 7, codeValue, { topic, kind: 'dispatch', place, received }, () => 5000);
  return { s, out };
}

describe('order simulation', () => {
  it('codes carry the Shanghai day and a number that widens past six digits instead of being cut', () => {
    expect(order(42).s.o.code).toBe('GD20260302000042');
    expect(order(1_234_567).s.o.code).toBe('GD202603021234567');
  });

  it('refuses a step the transition table does not allow, as the product would', () => {
    const { s } = order();
    expect(() => c.sign(s, received + H)).toThrow(/sign refused .* in received/);
  });

  it('fires the timers the sweep would have fired before a late step, in order, and cancels the stage on completion', () => {
    const { s, out } = order();
    c.dispatch(s, received + 10 * 60_000, route);
    c.sign(s, received + 5 * H); // the sign limit is 2 h: warned at 1.6 h, overdue at 2 h
    const types = s.events.map((e) => `${e.action}:${e.to_status}`);
    expect(types).toEqual(['intake:received', 'dispatch:dispatched', 'supervise:dispatched', 'supervise:dispatched', 'sign:signed']);
    expect(out.supervisions.map((x) => `${x.kind}/${x.stage}`)).toEqual(['warning/sign', 'overdue/sign']);
    expect(s.o.overdue_stages).toEqual(['sign']);
    const sign = s.timers.filter((t) => t.stage === 'sign');
    expect(sign.every((t) => t.fired_at !== null && !t.cancelled)).toBe(true);
    expect(s.timers.filter((t) => t.stage === 'dispatch').every((t) => t.cancelled)).toBe(true);
  });

  it('stops where the window ends, leaving the current stage timed', () => {
    const { s } = order(1, received + 20 * 60_000);
    c.dispatch(s, received + 10 * 60_000, route);
    expect(() => c.sign(s, received + H)).toThrow();
    try {
      c.sign(s, received + H);
    } catch (e) {
      expect(e).toBe(CUT);
    }
    s.finish();
    expect(s.status).toBe('dispatched');
    expect(s.timers.filter((t) => t.stage === 'sign' && !t.fired_at && !t.cancelled)).toHaveLength(2);
  });

  it('a whole dispatched life keeps seq contiguous and time non-decreasing', () => {
    for (let i = 0; i < 50; i++) {
      const rng = createRng(`life-${i}`);
      const out = emptyBatch();
      const s = newOrder(world, rng, out, received + 90 * 24 * H, i + 1, i + 1, { topic, kind: 'dispatch', place, received }, () => 1000);
      liveDispatched(s, { world, rng, seed: 'x', route, other: () => ({ ...route, leadUnitId: 40, leadKind: 'department', copyTo: null }) });
      s.flush();
      expect(s.events.map((e) => e.seq)).toEqual(s.events.map((_, k) => k + 1));
      for (let k = 1; k < s.events.length; k++) expect(s.events[k].at).toBeGreaterThanOrEqual(s.events[k - 1].at);
      expect(['closed', 'called_back', 'awaiting_callback', 'in_progress']).toContain(s.status);
    }
  });
});

describe('seeded randomness', () => {
  it('repeats for a seed and differs across seeds; unit traits are stable per unit', () => {
    const a = createRng('s');
    const b = createRng('s');
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(createRng('t').next()).not.toBe(seqA[0]);
    expect(unitTraits('s', 5)).toEqual(unitTraits('s', 5));
    expect(unitTraits('s', 5)).not.toEqual(unitTraits('s', 6));
  });

  it('weighted picks follow the weights', () => {
    const pick = weighted(['a', 'b'], (x) => (x === 'a' ? 9 : 1));
    const rng = createRng('w');
    const n = Array.from({ length: 5000 }, () => pick(rng)).filter((x) => x === 'a').length;
    expect(n / 5000).toBeGreaterThan(0.87);
    expect(n / 5000).toBeLessThan(0.93);
  });
});
