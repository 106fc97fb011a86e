import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../client.ts';
import { activeModel } from '../../modules/routing/classify/classifier-store.ts';
import { docsFromCsv, trainCategoryModel } from '../../modules/routing/classify/train-classifier.ts';
import { syntheticTexts } from './demo-texts.ts';

/**
 * Gives a new installation a category model to start from: from SHAOBAO_CLASSIFIER_CSV when set
 * (a CSV with label and text columns, such as a city's own export), otherwise from the handful of
 * demo texts in the repository. Dispatchers' work then retrains it (`shaobao classifier retrain`).
 */
export async function seedDemoClassifier(db: Db, at: Date): Promise<string | null> {
  if (await activeModel(db, 'category')) return null;
  const csv = process.env.SHAOBAO_CLASSIFIER_CSV;
  if (csv) {
    const file = path.resolve(csv);
    const m = await trainCategoryModel(db, docsFromCsv(fs.readFileSync(file, 'utf8')), `csv:${path.basename(file)}`, at);
    return `Category model trained on ${m.n} texts from ${file}.`;
  }
  const m = await trainCategoryModel(db, syntheticTexts(3), 'demo-texts', at);
  return (
    `A small demo category model was trained on ${m.n} built-in texts. For a real one: ` +
    'npx shaobao classifier train --csv FILE (columns label, text), or retrain from dispatched orders.'
  );
}
