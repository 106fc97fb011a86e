import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../routing/classifier/csv.ts';
import { orderTokens } from '../routing/duplicates/find-duplicates.ts';
import { findTopics, type ClusterDoc } from './topic-clusters.ts';
import { sphericalKMeans } from './topic-kmeans.ts';
import { lshClusters } from './topic-lsh.ts';
import { nmi, purity } from './topic-quality.ts';
import { buildVectors } from './topic-vectors.ts';

describe('purity and NMI, hand-computed', () => {
  it('purity counts each cluster’s majority label', () => {
    // cluster 0: a a b → 2; cluster 1: b c → 1; 3 of 5
    expect(purity([0, 0, 0, 1, 1], ['a', 'a', 'b', 'b', 'c'])).toBeCloseTo(3 / 5, 12);
  });
  it('NMI is 1 for a relabelled copy and 0 for independent partitions', () => {
    expect(nmi([5, 5, 9, 9], ['a', 'a', 'b', 'b'])).toBeCloseTo(1, 12);
    expect(nmi([0, 1, 0, 1], ['a', 'a', 'b', 'b'])).toBeCloseTo(0, 12);
  });
});

describe('clustering and emerging topics on constructed texts', () => {
  const heat = ['暖气', '不热', '供暖', '温度', '小区'];
  const noise = ['噪音', '施工', '夜间', '扰民', '工地'];
  const park = ['停车', '占道', '车位', '乱停', '路口'];
  const vary = (words: string[], i: number) => words.filter((_, j) => (i + j) % 5 !== 0);

  it('separates three matters and flags the one that jumps in the last window', () => {
    const docs: ClusterDoc[] = [];
    for (let w = 0; w < 4; w++) {
      for (let i = 0; i < 6; i++) docs.push({ tokens: vary(noise, i), window: w }, { tokens: vary(park, i), window: w });
      // heating: 2 a window, then 14 in the last
      for (let i = 0; i < (w === 3 ? 14 : 2); i++) docs.push({ tokens: vary(heat, i), window: w });
    }
    const topics = findTopics(docs, 4, { k: 3 });
    const labels = docs.map((d) => d.tokens.some((t) => heat.includes(t)) ? 'heat' : d.tokens.some((t) => noise.includes(t)) ? 'noise' : 'park');
    const assignment = new Array<number>(docs.length);
    for (const t of topics) for (const m of t.members) assignment[m] = t.index;
    expect(purity(assignment, labels)).toBe(1);
    const emerging = topics.filter((t) => t.emerging);
    expect(emerging).toHaveLength(1);
    expect(emerging[0].counts).toEqual([2, 2, 2, 14]);
    // baseline 2, growth (14+1)/(2+1) = 5, z = (14-2)/√3
    expect(emerging[0].growth).toBeCloseTo(5, 12);
    expect(emerging[0].z).toBeCloseTo(12 / Math.sqrt(3), 12);
    expect(heat).toEqual(expect.arrayContaining(emerging[0].topTerms.slice(0, 3)));
  });
});

// ../shared beside the repository (a git worktree sits one level deeper)
const CSV = ['../../../../../shared', '../../../../../../shared'].map((d) => new URL(`${d}/data/tipdm2020c/train.csv`, import.meta.url)).find((u) => existsSync(u));
const hasData = CSV !== undefined;

describe.skipIf(!hasData)(`topic quality on labelled messages${hasData ? '' : ' (SKIPPED: ../shared/data/tipdm2020c/train.csv not found)'}`, () => {
  it('k-means clusters are mostly one label, well above the majority share; LSH only finds near-duplicates', () => {
    const rows = parseCsv(readFileSync(CSV!, 'utf8'));
    const labels = rows.map((r) => r.label);
    const docs = rows.map((r) => orderTokens(r.title ?? '', r.text));
    const counts = new Map<string, number>();
    for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    const majority = Math.max(...counts.values()) / labels.length;
    const v = buildVectors(docs, { minDf: 3, maxDfShare: 0.2, maxTerms: 20_000 });
    const report: Record<string, unknown>[] = [];
    for (const k of [7, 14]) {
      const r = sphericalKMeans(v, { k, maxIterations: 20 });
      report.push({ method: `tfidf-kmeans k=${k}`, clusters: k, purity: purity(r.assignment, labels), nmi: nmi(r.assignment, labels) });
    }
    for (const [bands, rws] of [[10, 4], [20, 2]]) {
      const c = lshClusters(docs, { bands, rows: rws });
      report.push({ method: `minhash-lsh ${bands}x${rws}`, clusters: new Set(c).size, purity: purity(c, labels), nmi: nmi(c, labels) });
    }
    console.log(`[topic quality] n=${labels.length} labels=${counts.size} majority share=${majority.toFixed(3)}\n${report.map((r) => JSON.stringify(r)).join('\n')}`);
    const k14 = report[1] as { purity: number; nmi: number };
    expect(k14.purity).toBeGreaterThan(0.6);
    expect(k14.purity).toBeGreaterThan(majority + 0.3);
    expect(k14.nmi).toBeGreaterThan(0.35);
    // LSH with fine bands leaves nearly every message alone, with coarse bands chains most into one: neither is a topic
    const [fine, coarse] = report.slice(2) as { clusters: number; nmi: number; purity: number }[];
    expect(fine.clusters).toBeGreaterThan(labels.length / 2);
    expect(coarse.purity).toBeLessThan(k14.purity);
  });
});
