import { isUncertain } from '../../../../shared/classification.ts';
import { fitSoftmaxScale } from '../classifier/metrics.ts';
import { DEFAULT_TRAIN_OPTIONS, predictTerms, trainFromTerms, type Model, type TrainDoc } from '../classifier/model.ts';
import { extractTerms } from '../classifier/tokenize.ts';

/** A labelled text with the group it was written from (one template, one original message). */
export type GroupedDoc = TrainDoc & { group?: string };

export type Calibration = {
  /** Held-out texts the factor was fitted on. */
  n: number;
  folds: number;
  /** The softmax scale (inverse temperature on SVM margins) fitted on the held-out texts. */
  scale: number;
  /** On the held-out texts, with the fitted factor applied. */
  accuracy: number;
  meanConfidence: number;
  uncertainShare: number;
  accuracyWhenCertain: number | null;
};

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Confidences fitted on texts the model has not seen. A random split leaks: texts written from one
 * template (or copied from one message) land on both sides, every fold looks perfect and the model
 * learns to say 99 %. So folds are whole groups; each held-out text is predicted by a model trained
 * on the other groups, and one factor on the softmax scale is fitted to those predictions'
 * log-loss (temperature scaling: softmax(a · log p) is the model's softmax at a · scale).
 */
export function calibrateOnHeldOut(docs: GroupedDoc[], folds = 5): Calibration | null {
  const groups = [...new Set(docs.map((d) => d.group).filter((g): g is string => !!g))].sort();
  if (groups.length < folds || docs.some((d) => !d.group)) return null;
  const foldOf = new Map(groups.map((g, i) => [g, i % folds]));
  const scores: number[][] = [];
  let foldScale = 0;
  const gold: number[] = [];
  const labels = [...new Set(docs.map((d) => d.label))].sort();
  // Tokenising is most of the cost: once for all folds.
  const terms = docs.map((d) => extractTerms(d, DEFAULT_TRAIN_OPTIONS.features));
  const fold = docs.map((d) => foldOf.get(d.group!)!);
  for (let f = 0; f < folds; f++) {
    const tr = docs.map((_, i) => i).filter((i) => fold[i] !== f);
    const held = docs.map((_, i) => i).filter((i) => fold[i] === f);
    if (new Set(tr.map((i) => docs[i].label)).size < 2) continue;
    // Each fold model keeps the fixed default scale, so one factor on its probabilities is one scale on margins.
    const m = trainFromTerms(tr.map((i) => terms[i]), tr.map((i) => docs[i].label), { calibrationFolds: 0 });
    foldScale = m.scale;
    for (const i of held) {
      const d = docs[i];
      const byLabel = new Map(predictTerms(m, terms[i], m.labels.length).map((p) => [p.label, p.confidence]));
      // A class missing from this fold's training gets a floor, as the full model would rarely rank it.
      scores.push(labels.map((l) => Math.log(byLabel.get(l) ?? 1e-6)));
      gold.push(labels.indexOf(d.label));
    }
  }
  if (!gold.length) return null;
  const factor = fitSoftmaxScale(scores, gold, 0.01, 3);
  let right = 0;
  let conf = 0;
  let uncertain = 0;
  let certainRight = 0;
  scores.forEach((s, i) => {
    const max = Math.max(...s);
    const e = s.map((v) => Math.exp(factor * (v - max)));
    const z = e.reduce((a, b) => a + b, 0);
    const top = e.indexOf(Math.max(...e));
    const p = e[top] / z;
    const ok = top === gold[i];
    right += ok ? 1 : 0;
    conf += p;
    if (isUncertain(p)) uncertain += 1;
    else certainRight += ok ? 1 : 0;
  });
  const n = gold.length;
  return {
    n,
    folds,
    scale: round(foldScale * factor),
    accuracy: round(right / n),
    meanConfidence: round(conf / n),
    uncertainShare: round(uncertain / n),
    accuracyWhenCertain: n - uncertain ? round(certainRight / (n - uncertain)) : null,
  };
}

/** The model with the softmax scale fitted on held-out groups instead of its own (leaky) folds. */
export function applyCalibration(model: Model, c: Calibration | null): Model {
  return c ? { ...model, scale: c.scale } : model;
}
