import { describe, expect, it } from 'vitest';
import { withOverSummoned } from './whistle-stats.ts';

describe('over-summoned departments', () => {
  it('at least three open summons and more than twice the median of the units summoned', () => {
    // median of [1, 1, 2, 5] (upper middle) is 2: 5 > 4 and ≥ 3
    expect(withOverSummoned([{ openSummons: 1 }, { openSummons: 5 }, { openSummons: 2 }, { openSummons: 1 }]).map((u) => u.overSummoned)).toEqual([false, true, false, false]);
    // everyone equally busy: nobody stands out
    expect(withOverSummoned([{ openSummons: 3 }, { openSummons: 3 }, { openSummons: 3 }]).map((u) => u.overSummoned)).toEqual([false, false, false]);
    // two against a median of 0 is not enough to call it over-summoned
    expect(withOverSummoned([{ openSummons: 0 }, { openSummons: 0 }, { openSummons: 2 }]).map((u) => u.overSummoned)).toEqual([false, false, false]);
    expect(withOverSummoned([])).toEqual([]);
  });
});
