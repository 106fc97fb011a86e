import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Db } from './client.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export function listMigrations(): { name: string; sql: string }[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(MIGRATIONS_DIR, name), 'utf8') }));
}

/**
 * Applies committed SQL migrations in name order, in one transaction. An advisory lock
 * keeps two server processes starting at once from applying the same file twice.
 */
export async function migrate(db: Db): Promise<string[]> {
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    // The lock comes first: two processes creating even the bookkeeping table at once collide in
    // the catalogue (duplicate pg_type row) on a fresh database.
    await tx.query('select pg_advisory_xact_lock(727001)');
    await tx.exec(`create table if not exists schema_migrations (
      name text primary key, applied_at timestamptz not null default now())`);
    const done = new Set(
      (await tx.query<{ name: string }>('select name from schema_migrations')).rows.map((r) => r.name),
    );
    for (const m of listMigrations()) {
      if (done.has(m.name)) continue;
      await tx.exec(m.sql);
      await tx.query('insert into schema_migrations(name) values ($1)', [m.name]);
      applied.push(m.name);
    }
  });
  return applied;
}
