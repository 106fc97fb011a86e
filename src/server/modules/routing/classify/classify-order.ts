import type { Queryable } from '../../../db/client.ts';
import { isUncertain } from '../../../../shared/classification.ts';
import { explain, predict } from '../classifier/model.ts';
import { displayTerm } from '../classifier/tokenize.ts';
import { loadRoutingSnapshot, taxonomyAt, type CategorySnap, type TaxonomyVersionSnap } from '../catalogue/routing-snapshot.ts';
import { activeModel } from './classifier-store.ts';
import { requestTypeFromWords, urgencyFromWords } from './request-signals.ts';

export type CategoryProposal = {
  code: string | null;
  name: string;
  path: string[];
  confidence: number;
  /** How the level below the model's was chosen: the category names and keywords found in the text. */
  refinedBy: string[];
};

export type Classification = {
  model: { id: number; version: number } | null;
  categories: CategoryProposal[];
  highlights: { term: string; weight: number }[];
  requestType: { value: string; basis: 'model' | 'words' | 'category' | 'default'; words: string[]; confidence: number | null };
  urgency: { value: string; basis: 'model' | 'words' | 'category' | 'default'; words: string[]; confidence: number | null };
};

/**
 * Proposes what an order is about: the trained model names the first-level class (top 3 with
 * confidence and the words behind it), then the category tree's own names and keywords pick the
 * most specific category under it that the text mentions. Request type and urgency come from
 * their models when trained, otherwise from visible word rules and the category's defaults.
 */
export async function classifyOrder(q: Queryable, doc: { title: string; text: string }, at: Date): Promise<Classification> {
  const text = `${doc.title} ${doc.text}`;
  const taxonomy = taxonomyAt(await loadRoutingSnapshot(q), at);
  const m = await activeModel(q, 'category');
  let categories: CategoryProposal[] = [];
  let highlights: Classification['highlights'] = [];
  if (m) {
    const preds = predict(m.model, doc, 3);
    categories = preds.map((p) => refine(taxonomy, p.label, p.confidence, text));
    if (preds[0]) highlights = explain(m.model, doc, preds[0].label, 8).map((h) => ({ term: displayTerm(h.term), weight: Math.round(h.weight * 1000) / 1000 }));
  }
  const top = categories[0]?.code && taxonomy ? taxonomy.categories.get(categories[0].code) : undefined;
  return {
    model: m ? { id: m.id, version: m.version } : null,
    categories,
    highlights,
    requestType: await pickSignal(q, 'request_type', doc, requestTypeFromWords(text), top?.defaultRequestType ?? null, 'complaint'),
    urgency: await pickSignal(q, 'urgency', doc, urgencyFromWords(text), top?.defaultUrgency ?? null, 'general'),
  };
}

async function pickSignal(
  q: Queryable,
  task: 'request_type' | 'urgency',
  doc: { title: string; text: string },
  words: { value: string; words: string[] } | null,
  categoryDefault: string | null,
  fallback: string,
): Promise<Classification['urgency']> {
  // Emergencies are never left to a statistical guess: a matching word always wins.
  if (words && (task === 'request_type' || words.value === 'emergency')) return { value: words.value, basis: 'words', words: words.words, confidence: null };
  const m = await activeModel(q, task);
  if (m) {
    const p = predict(m.model, doc, 1)[0];
    if (p && p.confidence >= 0.5) return { value: p.label, basis: 'model', words: [], confidence: p.confidence };
  }
  if (words) return { value: words.value, basis: 'words', words: words.words, confidence: null };
  if (categoryDefault) return { value: categoryDefault, basis: 'category', words: [], confidence: null };
  return { value: fallback, basis: 'default', words: [], confidence: null };
}

/** From a first-level class name to the deepest category under it whose name or keyword the text contains. */
export function refine(taxonomy: TaxonomyVersionSnap | null, label: string, confidence: number, text: string): CategoryProposal {
  const cats = taxonomy ? [...taxonomy.categories.values()].filter((c) => c.active) : [];
  const root = cats.find((c) => c.level === 1 && c.name === label);
  if (!root) return { code: null, name: label, path: [label], confidence, refinedBy: [] };
  let best: { cat: CategorySnap; words: string[] } = { cat: root, words: [] };
  for (const c of cats) {
    if (c.level === 1 || !c.code.startsWith(`${root.code}.`)) continue;
    const words = [c.name, ...c.keywords].filter((w) => w.length >= 2 && w !== '其他' && text.includes(w));
    const better = words.length > 0 && (c.level > best.cat.level || (c.level === best.cat.level && words.length > best.words.length));
    if (better) best = { cat: c, words };
  }
  const path: string[] = [];
  for (let p: CategorySnap | undefined = best.cat; p; p = p.parentCode ? taxonomy!.categories.get(p.parentCode) : undefined) path.unshift(p.name);
  return { code: best.cat.code, name: best.cat.name, path, confidence, refinedBy: best.words };
}

/** Only the top category, for recording at intake whether the agent accepted the model's proposal. */
export async function proposedCategory(q: Queryable, doc: { title: string; text: string }, at: Date) {
  const m = await activeModel(q, 'category');
  if (!m) return null;
  const top = predict(m.model, doc, 1)[0];
  if (!top) return null;
  const taxonomy = taxonomyAt(await loadRoutingSnapshot(q), at);
  return { modelVersion: m.version, uncertain: isUncertain(top.confidence), ...refine(taxonomy, top.label, top.confidence, `${doc.title} ${doc.text}`) };
}
