import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { openPglite, openPostgres, type Db } from './client.ts';
import { AppError } from '../lib/errors.ts';

export type OpenedDb = { db: Db; release: () => Promise<void>; where: string };

/**
 * Opens the configured database. The embedded engine has no inter-process lock of its own and two
 * processes on one data directory silently lose writes, so we hold an exclusive lock file for as
 * long as the database is open, and refuse to start when a live process holds it.
 */
export async function openDatabase(config: Pick<Config, 'DATABASE_URL' | 'SHAOBAO_DATA_DIR'>): Promise<OpenedDb> {
  if (config.DATABASE_URL) {
    const db = await openPostgres(config.DATABASE_URL);
    return { db, release: () => db.close(), where: redact(config.DATABASE_URL) };
  }
  const dir = path.resolve(config.SHAOBAO_DATA_DIR);
  fs.mkdirSync(dir, { recursive: true });
  const unlock = acquireLock(dir);
  try {
    const db = await openPglite(path.join(dir, 'pgdata'));
    return {
      db,
      where: `embedded PostgreSQL (PGlite) in ${dir}`,
      release: async () => {
        await db.close();
        unlock();
      },
    };
  } catch (e) {
    unlock();
    throw e;
  }
}

function acquireLock(dir: string): () => void {
  const file = path.join(dir, 'shaobao.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
      fs.closeSync(fd);
      const release = () => {
        try {
          const held = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number };
          if (held.pid === process.pid) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readHolder(file);
      if (holder && isAlive(holder.pid)) {
        throw new AppError(
          'data_dir_locked',
          `The data directory ${dir} is in use by another Shaobao process (pid ${holder.pid}, started ${holder.startedAt}). ` +
            'Stop it first, or run this command through that server’s API; two processes on one embedded database lose writes.',
          { dir, pid: holder.pid },
          `数据目录 ${dir} 正被另一个哨报进程使用（pid ${holder.pid}）。请先停止该进程。`,
        );
      }
      // The holder died without cleaning up: the lock is stale, take it over.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${file}`);
}

function readHolder(file: string): { pid: number; startedAt: string } | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number; startedAt: string };
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
