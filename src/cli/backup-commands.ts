import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../server/config.ts';
import { openDatabase } from '../server/db/open.ts';
import { migrate } from '../server/db/migrate.ts';

/**
 * Backup and restore with PostgreSQL's own pg_dump / pg_restore (custom format), for the embedded
 * cluster and a server alike. The tools come from the PostgreSQL client installed on the machine
 * (the embedded package ships only the server); the newest one found is used, since pg_dump must
 * be at least the server's version.
 */
export function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  const dirs = [process.env.SHAOBAO_PG_BIN, ...listVersionDirs('/usr/lib/postgresql'), ...(process.env.PATH ?? '').split(path.delimiter)].filter(Boolean) as string[];
  for (const d of dirs) {
    const f = path.join(d, name);
    if (fs.existsSync(f)) return f;
  }
  throw new Error(`${name} not found: install the PostgreSQL client (Debian: apt-get install postgresql-client), or set SHAOBAO_PG_BIN to its bin directory.`);
}

function listVersionDirs(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(root, v, 'bin'));
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} failed (exit ${code}): ${err.trim()}`))));
  });
}

export async function backupCommand(config: Config, out: string): Promise<number> {
  const file = path.resolve(out);
  const o = await openDatabase(config);
  try {
    // A consistent snapshot while servers keep running: pg_dump reads in one repeatable-read transaction.
    await run(pgTool('pg_dump'), ['--format=custom', '--no-owner', '--file', file, '--dbname', o.url]);
  } finally {
    await o.release();
  }
  console.log(`Backed up ${o.where} to ${file} (${fs.statSync(file).size} bytes).`);
  return 0;
}

export async function restoreCommand(config: Config, input: string): Promise<number> {
  const file = path.resolve(input);
  if (!fs.existsSync(file)) throw new Error(`No such file: ${file}`);
  const o = await openDatabase(config);
  try {
    // A running server would keep serving from stale caches and fight the restore for locks.
    const others = await o.db.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    if (others.rows[0].n > 0) {
      console.error(`Refusing to restore: ${others.rows[0].n} other session(s) use ${o.where}. Stop the servers first.`);
      return 1;
    }
    await run(pgTool('pg_restore'), ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--exit-on-error', '--dbname', o.url, file]);
    const applied = await migrate(o.db); // a backup from an older version gets the newer migrations
    console.log(`Restored ${file} into ${o.where}${applied.length ? `; applied ${applied.join(', ')}` : ''}.`);
    return 0;
  } finally {
    await o.release();
  }
}
