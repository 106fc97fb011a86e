import { describe, expect, it } from 'vitest';
import { accuracy, complementIndices, confusionMatrix, evaluate, stratifiedKFold, stratifiedSplit } from './metrics.ts';

describe('evaluate', () => {
  // Hand-made: gold a a a b b c ; pred a a b b c c
  const gold = ['a', 'a', 'a', 'b', 'b', 'c'];
  const pred = ['a', 'a', 'b', 'b', 'c', 'c'];

  it('computes the confusion matrix (rows = gold, cols = predicted)', () => {
    expect(confusionMatrix(gold, pred, ['a', 'b', 'c'])).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
  });

  it('computes accuracy, per-class P/R/F1 and macro-F1', () => {
    const e = evaluate(gold, pred);
    expect(e.accuracy).toBeCloseTo(4 / 6);
    const [a, b, c] = e.perClass;
    expect(a).toMatchObject({ label: 'a', precision: 1, support: 3 });
    expect(a.recall).toBeCloseTo(2 / 3);
    expect(a.f1).toBeCloseTo(0.8);
    expect(b.precision).toBeCloseTo(0.5);
    expect(b.recall).toBeCloseTo(0.5);
    expect(b.f1).toBeCloseTo(0.5);
    expect(c.precision).toBeCloseTo(0.5);
    expect(c.recall).toBe(1);
    expect(c.f1).toBeCloseTo(2 / 3);
    expect(e.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3);
  });

  it('gives zero F1 (not NaN) to a class never predicted nor present', () => {
    const e = evaluate(['a'], ['a'], ['a', 'z']);
    expect(e.perClass[1]).toMatchObject({ label: 'z', precision: 0, recall: 0, f1: 0 });
    expect(accuracy([], [])).toBe(0);
  });
});

describe('stratified splitting', () => {
  const labels = [...Array(50).fill('x'), ...Array(30).fill('y'), ...Array(20).fill('z')] as string[];

  it('stratifiedSplit is deterministic, disjoint, complete and keeps class ratios', () => {
    const s1 = stratifiedSplit(labels, 0.2, 7);
    const s2 = stratifiedSplit(labels, 0.2, 7);
    expect(s1).toEqual(s2);
    expect(new Set([...s1.train, ...s1.test]).size).toBe(labels.length);
    expect(s1.test.length).toBe(20);
    const count = (idx: number[], l: string) => idx.filter((i) => labels[i] === l).length;
    expect([count(s1.test, 'x'), count(s1.test, 'y'), count(s1.test, 'z')]).toEqual([10, 6, 4]);
    expect(stratifiedSplit(labels, 0.2, 8).test).not.toEqual(s1.test);
  });

  it('stratifiedKFold covers every row exactly once with balanced folds', () => {
    const folds = stratifiedKFold(labels, 5, 1);
    expect(folds).toEqual(stratifiedKFold(labels, 5, 1));
    const all = folds.flat().sort((a, b) => a - b);
    expect(all).toEqual(labels.map((_, i) => i));
    for (const f of folds) {
      expect(f.length).toBe(20);
      expect(f.filter((i) => labels[i] === 'z').length).toBe(4);
    }
    expect(complementIndices(labels.length, folds[0]).length).toBe(80);
  });
});
