import type { Queryable } from '../../../db/client.ts';
import { invalidateReference, referenceValue } from '../../../lib/reference-cache.ts';
import { deserialize, serialize, type Model } from '../classifier/model.ts';

export type Task = 'category' | 'request_type' | 'urgency';
export type ModelInfo = { id: number; task: Task; version: number; trainedAt: Date; source: string; n: number; metrics: Record<string, unknown>; active: boolean };

/** Stores a trained model as a new version and makes it the active one for its task. */
export async function saveModel(
  db: Queryable & { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> },
  task: Task,
  model: Model,
  meta: { source: string; n: number; metrics: Record<string, unknown>; at: Date },
): Promise<ModelInfo> {
  const row = await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(727003)');
    const next = (await tx.query<{ v: number }>('select coalesce(max(version), 0) + 1 as v from classifier_models where task = $1', [task])).rows[0].v;
    await tx.query('update classifier_models set active = false where task = $1 and active', [task]);
    return (
      await tx.query<{ id: number; version: number }>(
        `insert into classifier_models(task, version, trained_at, source, n, metrics, model, active) values ($1, $2, $3, $4, $5, $6, $7, true) returning id, version`,
        [task, next, meta.at, meta.source, meta.n, JSON.stringify(meta.metrics), JSON.stringify(serialize(model))],
      )
    ).rows[0];
  });
  await forgetModel(db, task);
  return { id: row.id, task, version: row.version, trainedAt: meta.at, source: meta.source, n: meta.n, metrics: meta.metrics, active: true };
}

export async function activateModel(db: Queryable & { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> }, task: Task, version: number): Promise<boolean> {
  const ok = await db.transaction(async (tx) => {
    const exists = (await tx.query('select 1 from classifier_models where task = $1 and version = $2', [task, version])).rows.length > 0;
    if (!exists) return false;
    await tx.query('update classifier_models set active = false where task = $1 and active', [task]);
    await tx.query('update classifier_models set active = true where task = $1 and version = $2', [task, version]);
    return true;
  });
  await forgetModel(db, task);
  return ok;
}

/** Every process drops its copy of the task's active model (the reference cache's NOTIFY reaches the others). */
function forgetModel(q: Queryable, task: Task): Promise<void> {
  return invalidateReference(q, `classifier:${task}`);
}

/**
 * The active model of a task, read and deserialised once per database: a model is a few MB of JSON,
 * far too much to parse per request, and intake asks for it on every order. It lives in the
 * reference cache, so a retraining or activation in any process (saveModel, activateModel) is seen
 * by the next request everywhere.
 */
export function activeModel(q: Queryable, task: Task): Promise<{ id: number; version: number; model: Model } | null> {
  return referenceValue(q, `classifier:${task}`, async () => {
    const row = (await q.query<{ id: number; version: number; model: unknown }>('select id, version, model from classifier_models where task = $1 and active', [task])).rows[0];
    return row ? { id: row.id, version: row.version, model: deserialize(row.model) } : null;
  });
}

export async function listModels(q: Queryable): Promise<ModelInfo[]> {
  const r = await q.query<{ id: number; task: Task; version: number; trained_at: Date; source: string; n: number; metrics: Record<string, unknown>; active: boolean }>(
    'select id, task, version, trained_at, source, n, metrics, active from classifier_models order by task, version desc',
  );
  return r.rows.map((m) => ({ id: m.id, task: m.task, version: m.version, trainedAt: m.trained_at, source: m.source, n: m.n, metrics: m.metrics, active: m.active }));
}
