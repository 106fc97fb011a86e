import { describe, expect, it } from 'vitest';
import { IdCursor } from './id-cursor.ts';

describe('IdCursor', () => {
  it('delivers each id once, asks again for gaps, and forgets a gap after its wait', () => {
    const c = new IdCursor(10);
    expect([...c.advance([11, 12, 15], 0)]).toEqual([11, 12, 15]);
    expect(c.last).toBe(15);
    expect(c.pending(1000).sort()).toEqual([13, 14]);
    // 14 commits late: delivered once, then no longer asked for.
    expect([...c.advance([14], 2000)]).toEqual([14]);
    expect([...c.advance([14, 15], 2500)]).toEqual([]);
    expect(c.pending(3000)).toEqual([13]);
    // 13 was rolled back: after the wait nobody asks for it any more.
    expect(c.pending(60_000)).toEqual([]);
    expect([...c.advance([13], 61_000)]).toEqual([]);
  });

  it('keeps a bounded number of holes after a huge gap', () => {
    const c = new IdCursor(0);
    c.advance([5_000_000], 0);
    expect(c.holeCount).toBeLessThanOrEqual(1000);
    expect(c.last).toBe(5_000_000);
  });
});
