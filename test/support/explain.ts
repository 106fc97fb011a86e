import type { Db, Queryable } from '../../src/server/db/client.ts';

export type Recorded = { text: string; params: unknown[] };

/** The same database, noting every statement run through it, so a test can EXPLAIN what a request ran. */
export function recordingDb(db: Db): { db: Db; take(): Recorded[] } {
  let log: Recorded[] = [];
  const wrap = (q: Queryable): Queryable => ({
    cache: q.cache,
    exec: (sql) => q.exec(sql),
    query: (text, params) => {
      log.push({ text, params: [...(params ?? [])] });
      return q.query(text, params);
    },
  });
  const rec: Db = {
    ...wrap(db),
    kind: db.kind,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  } as Db;
  return {
    db: rec,
    take() {
      const out = log;
      log = [];
      return out;
    },
  };
}

/**
 * The plan of a statement as text. `indexOnly` turns sequential scans off, so a small test
 * database shows the plan an index makes possible rather than the one its size makes cheapest.
 */
export async function explain(db: Db, r: Recorded, opts: { analyze?: boolean; indexOnly?: boolean } = {}): Promise<string> {
  return db.transaction(async (tx) => {
    if (opts.indexOnly) await tx.query('set local enable_seqscan = off');
    const rows = (await tx.query<Record<string, string>>(`explain (costs off${opts.analyze ? ', analyze, timing on' : ''}) ${r.text}`, r.params)).rows;
    return rows.map((x) => Object.values(x)[0]).join('\n');
  });
}

/** The index names a plan reads. */
export function indexesIn(plan: string): string[] {
  return [...plan.matchAll(/(?:Index (?:Only )?Scan(?: Backward)? using|Bitmap Index Scan on) (\w+)/g)].map((m) => m[1]);
}
