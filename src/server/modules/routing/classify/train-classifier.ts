import type { Db } from '../../../db/client.ts';
import { AppError } from '../../../lib/errors.ts';
import { parseCsv } from '../classifier/csv.ts';
import { evaluate } from '../classifier/metrics.ts';
import { predict, train, type TrainDoc } from '../classifier/model.ts';
import { applyCalibration, calibrateOnHeldOut, type GroupedDoc } from './calibrate-classifier.ts';
import { activeModel, saveModel } from './classifier-store.ts';

export const MIN_TRAINING_DOCS = 30;

/**
 * Rows with a label and a text, as `classifier train/evaluate --csv` read them; an optional `group`
 * column (texts from one template or one message) lets training calibrate on whole held-out groups.
 */
export function docsFromCsv(csv: string): GroupedDoc[] {
  const rows = parseCsv(csv);
  if (rows.length && (!('label' in rows[0]) || !('text' in rows[0]))) {
    throw new AppError('validation_failed', 'The CSV needs the columns label and text.', { columns: Object.keys(rows[0]) }, 'CSV 文件须包含 label 和 text 两列。');
  }
  return rows
    .filter((r) => r.label?.trim() && r.text?.trim())
    .map((r) => ({ label: r.label.trim(), text: r.text, ...(r.group?.trim() ? { group: r.group.trim() } : {}) }));
}

function checkEnough(docs: TrainDoc[]) {
  const labels = new Set(docs.map((d) => d.label));
  if (docs.length < MIN_TRAINING_DOCS || labels.size < 2) {
    throw new AppError(
      'validation_failed',
      `Training needs at least ${MIN_TRAINING_DOCS} labelled texts in two or more classes (got ${docs.length} in ${labels.size}).`,
      { n: docs.length, classes: labels.size },
      `训练至少需要 ${MIN_TRAINING_DOCS} 条、两个以上类别的已标注文本（现有 ${docs.length} 条、${labels.size} 类）。`,
    );
  }
}

export async function trainCategoryModel(db: Db, docs: GroupedDoc[], source: string, at: Date) {
  checkEnough(docs);
  const started = performance.now();
  const calibration = calibrateOnHeldOut(docs);
  const model = applyCalibration(train(docs), calibration);
  const seconds = (performance.now() - started) / 1000;
  const counts: Record<string, number> = {};
  for (const d of docs) counts[d.label] = (counts[d.label] ?? 0) + 1;
  return saveModel(db, 'category', model, { source, n: docs.length, metrics: { classes: counts, trainSeconds: Math.round(seconds * 100) / 100, calibration }, at });
}

/** Accuracy and macro-F1 of the active category model on labelled texts. */
export async function evaluateCategoryModel(db: Db, docs: TrainDoc[]) {
  const m = await activeModel(db, 'category');
  if (!m) throw new AppError('not_found', 'No category model is trained yet: run `shaobao classifier train --csv FILE`.', {}, '尚未训练分类模型。');
  if (!docs.length) throw new AppError('validation_failed', 'No labelled rows to evaluate.', {}, '没有可评估的标注数据。');
  const pred = docs.map((d) => predict(m.model, d, 1)[0]?.label ?? '');
  const e = evaluate(docs.map((d) => d.label), pred);
  const perClass = Object.fromEntries(e.perClass.map((c) => [c.label, { precision: round(c.precision), recall: round(c.recall), f1: round(c.f1), support: c.support }]));
  return { n: e.n, accuracy: round(e.accuracy), macroF1: round(e.macroF1), perClass, model: { version: m.version } };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * Retrains from the orders dispatchers have accepted or corrected: every dispatched order with a
 * category, labelled with its first-level class (what the model predicts), title and text as written.
 */
export async function retrainFromOrders(db: Db, at: Date) {
  const r = await db.query<{ label: string; title: string; text: string }>(
    `select root.name as label, o.title, o.text
     from work_orders o
     join categories root on root.taxonomy_version_id = o.taxonomy_version_id and root.code = split_part(o.category, '.', 1)
     where o.category is not null and o.dispatched_at is not null`,
  );
  return trainCategoryModel(db, r.rows.map((x) => ({ label: x.label, title: x.title, text: `${x.title}${x.text}` })), 'orders', at);
}
