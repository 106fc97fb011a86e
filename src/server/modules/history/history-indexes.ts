import type { Db, Queryable } from '../../db/client.ts';

/** The tables a history load fills, and the visibility index it derives from them. */
const LOADED = [
  'work_orders', 'work_order_events', 'work_order_assignments', 'deadlines', 'callbacks', 'extensions', 'disputes', 'exclusions',
  'supervisions', 'work_order_visibility',
];

/**
 * Drops the non-unique secondary indexes of the loaded tables, keeping their definitions in
 * history_load_indexes. Unique indexes and keys stay: they are what guards the data.
 */
export async function dropLoadIndexes(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const r = await tx.query<{ name: string }>(
      `insert into history_load_indexes(name, definition)
       select c.relname, pg_get_indexdef(c.oid)
       from pg_index x join pg_class c on c.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
       where t.relnamespace = current_schema()::regnamespace and t.relname = any($1::text[]) and not x.indisunique and not x.indisprimary
       on conflict (name) do nothing
       returning name`,
      [LOADED],
    );
    for (const { name } of r.rows) await tx.exec(`drop index ${quoteIdent(name)}`);
    return r.rows.length;
  });
}

/**
 * Builds every index a load dropped (or an interrupted load left dropped), `concurrency` at a time
 * with a generous sort memory each, and forgets each definition as soon as its index exists again.
 */
export async function restoreLoadIndexes(db: Db, progress?: (name: string, seconds: number) => void, concurrency = 1): Promise<number> {
  const pending = (await db.query<{ name: string; definition: string }>('select name, definition from history_load_indexes order by name')).rows;
  let next = 0;
  const worker = async () => {
    while (next < pending.length) {
      const { name, definition } = pending[next++];
      const t = performance.now();
      await db.transaction(async (tx) => {
        await tx.exec(`set local maintenance_work_mem = '256MB'`);
        await tx.exec(definition.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS '));
        await tx.query('delete from history_load_indexes where name = $1', [name]);
      });
      progress?.(name, (performance.now() - t) / 1000);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return pending.length;
}

/** Whether a load of `orders` should drop and rebuild indexes: when it at least doubles the table. */
export async function worthRebuilding(q: Queryable, orders: number): Promise<boolean> {
  if (orders < 100_000) return false;
  const r = await q.query<{ n: number }>(`select greatest(reltuples, 0)::int8 as n from pg_class where oid = 'work_orders'::regclass`);
  return orders >= Number(r.rows[0]?.n ?? 0);
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;
