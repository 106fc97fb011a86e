import { describe, expect, it } from 'vitest';
import { distanceM, orderTokens, tokenSimilarity } from './find-duplicates.ts';

describe('duplicate scoring', () => {
  it('scores two reports of the same event high and unrelated ones low', () => {
    const a = orderTokens('胡同口占道经营噪音扰民', '每天傍晚有摊贩在东四十条胡同口占道经营，噪音很大，影响休息');
    const b = orderTokens('东四十条摊贩占道经营', '傍晚胡同口摊贩占道经营，噪音扰民，希望管理');
    const c = orderTokens('小区停水', '和平里小区从早上开始停水，没有任何通知');
    expect(tokenSimilarity(a, b)).toBeGreaterThan(0.5);
    expect(tokenSimilarity(a, c)).toBeLessThan(0.15);
    expect(tokenSimilarity(a, [])).toBe(0);
  });

  it('drops function words and keeps content words', () => {
    const t = orderTokens('请问', '我们的小区停水了，请问什么时候恢复供水？');
    expect(t).toContain('停水');
    expect(t).not.toContain('请问');
    expect(t).not.toContain('我们');
  });

  it('measures distance on the earth', () => {
    // 0.001° of latitude is about 111 m everywhere.
    expect(distanceM(116.4, 39.9, 116.4, 39.901)).toBeGreaterThan(105);
    expect(distanceM(116.4, 39.9, 116.4, 39.901)).toBeLessThan(118);
    expect(distanceM(116.4, 39.9, 116.4, 39.9)).toBe(0);
  });
});
