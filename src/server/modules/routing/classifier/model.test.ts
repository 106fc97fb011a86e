import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';
import { evaluate, seededRandom, stratifiedSplit } from './metrics.ts';
import { deserialize, explain, predict, predictTerms, serialize, train, type TrainDoc } from './model.ts';
import { extractTerms, normalizeText, wordTokens } from './tokenize.ts';

// Three synthetic categories: each message mixes class keywords with shared filler.
const VOCAB: Record<string, string[]> = {
  城乡建设: ['物业费', '小区电梯', '违章建筑', '停车位', '开发商'],
  劳动和社会保障: ['拖欠工资', '社保', '养老保险', '劳动合同', '退休金'],
  教育文体: ['幼儿园', '学校', '老师', '学生', '体育馆'],
};
const FILLER = ['希望有关部门尽快处理', '请领导关注', '市民反映', '多次投诉无果', '问题严重'];

function synth(seed: number, perClass: number): TrainDoc[] {
  const rnd = seededRandom(seed);
  const pickOne = (xs: string[]) => xs[Math.floor(rnd() * xs.length)];
  const docs: TrainDoc[] = [];
  for (const [label, words] of Object.entries(VOCAB)) {
    for (let i = 0; i < perClass; i++) {
      const title = `A3区${pickOne(words)}问题`;
      docs.push({ label, title, text: `${title}${pickOne(FILLER)}，${pickOne(words)}${pickOne(FILLER)}。${pickOne(words)}` });
    }
  }
  return docs;
}

describe('tokenize', () => {
  it('normalises full-width chars and drops anonymised places and numbers', () => {
    expect(normalizeText('Ａ市Ａ３区ＡＢＣ小区１２３号')).toBe('  abc小区 号');
  });

  it('segments hotline terms from the domain dictionary as single words', () => {
    expect(wordTokens('小区噪音扰民，老板拖欠工资')).toEqual(expect.arrayContaining(['噪音扰民', '拖欠工资']));
  });

  it('emits words, uni/bigrams and boosts the title', () => {
    const t = extractTerms({ title: '拖欠工资', text: '拖欠工资，社保' });
    expect(t.get('拖欠工资')).toBeGreaterThan(t.get('社保') ?? 0);
    expect(t.has('~工资')).toBe(true);
    expect(t.has('^社')).toBe(true);
    expect(t.has('~资社')).toBe(false); // n-grams never cross punctuation
  });
});

describe('model', () => {
  const trainDocs = synth(1, 25);
  const testDocs = synth(2, 10);
  const model = train(trainDocs, { calibrationFolds: 3 });

  it('learns the synthetic categories', () => {
    const pred = testDocs.map((d) => predict(model, d, 1)[0].label);
    expect(evaluate(testDocs.map((d) => d.label), pred).accuracy).toBe(1);
  });

  it('returns top-k sorted confidences summing to at most 1', () => {
    const p = predict(model, { text: '公司拖欠工资三个月，也不交社保' }, 2);
    expect(p).toHaveLength(2);
    expect(p[0].label).toBe('劳动和社会保障');
    expect(p[0].confidence).toBeGreaterThanOrEqual(p[1].confidence);
    expect(p[0].confidence + p[1].confidence).toBeLessThanOrEqual(1 + 1e-9);
    const all = predict(model, { text: '随便说点什么' }, 10);
    expect(all).toHaveLength(3);
    expect(all.reduce((a, x) => a + x.confidence, 0)).toBeCloseTo(1, 6);
  });

  it('fast document path and term-map path agree', () => {
    for (const d of testDocs.slice(0, 5)) expect(predict(model, d, 3)).toEqual(predictTerms(model, extractTerms(d, model.features), 3));
  });

  it('explains with the keywords that pushed towards a label', () => {
    const terms = explain(model, { text: '学校的老师乱收费' }, '教育文体', 5).map((t) => t.term);
    expect(terms.some((t) => t.includes('学校') || t.includes('老师'))).toBe(true);
    expect(explain(model, { text: 'x' }, 'no-such-label')).toEqual([]);
  });

  it('round-trips through JSON exactly', () => {
    const json = JSON.parse(JSON.stringify(serialize(model)));
    const back = deserialize(json);
    for (const d of testDocs) expect(predict(back, d, 3)).toEqual(predict(model, d, 3));
    expect(serialize(back)).toEqual(json);
    expect(() => deserialize({ format: 'other' })).toThrow();
  });

  it('is deterministic', () => {
    expect(serialize(train(trainDocs, { calibrationFolds: 3 }))).toEqual(serialize(model));
  });
});

const CSV = new URL('../../../../../../shared/data/tipdm2020c/train.csv', import.meta.url);
const hasData = existsSync(CSV);

describe.skipIf(!hasData)(`tipdm2020c real data${hasData ? '' : ' (SKIPPED: ../shared/data/tipdm2020c/train.csv not found)'}`, () => {
  it('reaches ≥ 0.90 accuracy on the fixed stratified 80/20 split', { timeout: 60_000 }, () => {
    const docs = parseCsv(readFileSync(CSV, 'utf8')).map((r) => ({ label: r.label, title: r.title, text: r.text }));
    const { train: tr, test } = stratifiedSplit(docs.map((d) => d.label), 0.2, 42);
    // Calibration only rescales confidences (argmax unchanged), so skip it to keep the test fast.
    const model = train(tr.map((i) => docs[i]), { calibrationFolds: 0 });
    const gold = test.map((i) => docs[i].label);
    const e = evaluate(gold, test.map((i) => predict(model, docs[i], 1)[0].label));
    expect(e.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(e.macroF1).toBeGreaterThanOrEqual(0.88);
  });
});
