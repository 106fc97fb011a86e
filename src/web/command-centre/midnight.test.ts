import { describe, expect, it } from 'vitest';
import { msToShanghaiMidnight } from './midnight.ts';

describe('the board turns the day at Shanghai midnight', () => {
  it('counts down to 00:00 UTC+8 whatever the machine’s zone', () => {
    expect(msToShanghaiMidnight(Date.parse('2026-03-02T15:59:00Z'))).toBe(60_000); // 23:59 Shanghai
    expect(msToShanghaiMidnight(Date.parse('2026-03-02T16:00:00Z'))).toBe(86_400_000); // exactly midnight: the next one
    expect(msToShanghaiMidnight(Date.parse('2026-03-02T00:00:00Z'))).toBe(16 * 3_600_000); // 08:00 Shanghai
  });
});
