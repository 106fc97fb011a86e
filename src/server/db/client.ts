import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';

/**
 * The one database handle the code uses. Both PGlite and node-postgres sit behind it, so every
 * module writes plain SQL once and it runs on the embedded engine and on a server alike.
 * Plain SQL rather than an ORM: the schema is hand-written committed migrations, the key queries
 * (locks, SKIP LOCKED claims, rollups) are SQL anyway, and there is no generate step to drift.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Per-database memo for small reference data, shared by the handle and its transactions. */
  readonly cache: Map<string, unknown>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn inside one transaction; a thrown error rolls back. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// int8 and numeric come back as strings from pg and as numbers from PGlite: make pg agree, since
// our ids and counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export async function openPglite(dataDir: string | null): Promise<Db> {
  if (dataDir) fs.mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  const lite = await PGlite.create({ dataDir: dataDir ?? undefined, extensions: { pg_trgm } });
  return wrapPglite(lite);
}

export async function openPgliteFrom(blob: Blob): Promise<Db> {
  const lite = await PGlite.create({ loadDataDir: blob, extensions: { pg_trgm } });
  return wrapPglite(lite);
}

function wrapPglite(lite: PGlite): Db {
  const cache = new Map<string, unknown>();
  const q = {
    async query<T>(text: string, params?: unknown[]) {
      const r = await lite.query<T>(text, params as unknown[] | undefined);
      return { rows: r.rows };
    },
  };
  return {
    kind: 'pglite',
    cache,
    query: q.query,
    async transaction(fn) {
      return lite.transaction(async (tx) =>
        fn({
          cache,
          async query<T>(text: string, params?: unknown[]) {
            const r = await tx.query<T>(text, params as unknown[] | undefined);
            return { rows: r.rows };
          },
          async exec(sql: string) {
            await tx.exec(sql);
          },
        }),
      );
    },
    async exec(sql) {
      await lite.exec(sql);
    },
    async close() {
      await lite.close();
    },
    // exposed for tests that clone a migrated template
    ...({ pglite: lite } as object),
  } as Db;
}

export function pgliteOf(db: Db): PGlite | undefined {
  return (db as unknown as { pglite?: PGlite }).pglite;
}

export async function openPostgres(url: string, max = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {
    /* an idle client died; the pool replaces it */
  });
  await pool.query('select 1');
  const cache = new Map<string, unknown>();
  return {
    kind: 'postgres',
    cache,
    async query<T>(text: string, params?: unknown[]) {
      const r = await pool.query(text, params);
      return { rows: r.rows as T[] };
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn({
          cache,
          async query<T>(text: string, params?: unknown[]) {
            const r = await client.query(text, params);
            return { rows: r.rows as T[] };
          },
          async exec(sql: string) {
            await client.query(sql);
          },
        });
        await client.query('commit');
        return result;
      } catch (e) {
        await client.query('rollback').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async close() {
      await pool.end();
    },
  };
}
