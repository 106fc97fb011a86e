import { describe, expect, it } from 'vitest';
import { covers, rankTemplates } from './answer-template-queries.ts';
import type { AnswerTemplate } from './answer-template-tables.ts';

const tpl = (id: number, categories: string[], words: string[]) => ({
  template: { id, title: `t${id}`, body: '', categories, active: true, version: 1, updatedAt: '' } as AnswerTemplate,
  tokens: new Set(words),
});

describe('answer template ranking', () => {
  it('a code covers itself and its sub-categories, not a sibling with the same prefix digits', () => {
    expect(covers('15', '15.02.01')).toBe(true);
    expect(covers('15.02', '15.02')).toBe(true);
    expect(covers('15.0', '15.02')).toBe(false);
    expect(covers('1', '15.02')).toBe(false);
  });

  it('the category match ranks first; two shared words suffice without it, one does not', () => {
    const items = [tpl(1, ['16.01'], ['供暖', '暖气']), tpl(2, [], ['居住证', '办理', '材料']), tpl(3, [], ['办理', '证明'])];
    const r = rankTemplates(items, ['居住证', '办理', '暖气'], '16.01.02');
    expect(r.map((s) => [s.id, s.byCategory, s.sharedWords])).toEqual([
      [1, true, ['暖气']],
      [2, false, ['居住证', '办理']],
    ]);
    // 0.6 for the category + 0.4 × 1/4 for one shared word; 0.4 × 2/4 for two
    expect(r.map((s) => s.score)).toEqual([0.7, 0.2]);
  });

  it('without a category and with fewer than two shared words nothing is proposed', () => {
    expect(rankTemplates([tpl(1, ['16.01'], ['供暖'])], ['供暖', '垃圾'], null)).toEqual([]);
  });

  it('keeps at most five, best first, ties by id', () => {
    const items = [7, 6, 5, 4, 3, 2, 1].map((id) => tpl(id, ['09'], []));
    expect(rankTemplates(items, [], '09.01').map((s) => s.id)).toEqual([1, 2, 3, 4, 5]);
  });
});
