import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config.ts';
import { openPostgres, type Db } from './client.ts';
import { clusterAnswers, ensureCluster, otherSessions, stopCluster, type Cluster } from './embedded-cluster.ts';

export type OpenedDb = { db: Db; release: () => Promise<void>; where: string; url: string };

export const EMBEDDED_DATABASE = 'shaobao';

/**
 * Opens the configured database: the server named by DATABASE_URL, or the embedded cluster in
 * SHAOBAO_DATA_DIR. Several processes may use one data directory at once (a server and a CLI
 * command, or several servers): they share its one postmaster. A server stops the postmaster when
 * it leaves last; a command stops it only if it started it and nobody else connected meanwhile.
 */
/**
 * What a server's connections run with; commands (generate, rebuilds) keep PostgreSQL's own settings.
 * A server answers many people at once on few cores: a query that starts parallel workers for one
 * of them waits for the workers to start (hundreds of ms on a busy machine) and takes cores from
 * the others. JIT compilation is chosen by cost estimates, and a search's index condition over ten
 * million orders is estimated in millions: it compiled for 500 ms a statement that ran in 6 ms.
 * Sent as startup options: a pooler in front must accept them (PgBouncer: ignore_startup_parameters).
 */
export function serverSettings(config: Partial<Pick<Config, 'SHAOBAO_PARALLEL_WORKERS'>>): Record<string, string | number> {
  return { max_parallel_workers_per_gather: config.SHAOBAO_PARALLEL_WORKERS ?? 0, jit: 'off' };
}

export async function openDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'SHAOBAO_DATA_DIR'> & Partial<Pick<Config, 'SHAOBAO_PARALLEL_WORKERS'>>,
  opts: { role?: 'server' | 'command'; max?: number } = {},
): Promise<OpenedDb> {
  const settings = opts.role === 'server' ? serverSettings(config) : {};
  if (config.DATABASE_URL) {
    const db = await openPostgres(config.DATABASE_URL, opts.max, 'postgres', settings);
    return { db, release: () => db.close(), where: redact(config.DATABASE_URL), url: config.DATABASE_URL };
  }
  const dir = path.resolve(config.SHAOBAO_DATA_DIR);
  const cluster = await ensureCluster(dir);
  try {
    await createDatabase(cluster, EMBEDDED_DATABASE);
    const url = cluster.url(EMBEDDED_DATABASE);
    const db = await openPostgres(url, opts.max, 'embedded', settings);
    const mayStop = opts.role === 'server' || cluster.startedHere;
    // A server restarts the embedded PostgreSQL if it dies (a crash, a killed postmaster): there is
    // no service manager to do it. Until it is back, requests answer 503.
    const watchdog = opts.role === 'server' ? watchCluster(dir) : null;
    return {
      db,
      url,
      where: `embedded PostgreSQL in ${path.join(dir, 'pg')}`,
      release: async () => {
        await watchdog?.stop();
        await db.close();
        if (mayStop && (await otherSessions(cluster)) === 0) await stopCluster(dir);
      },
    };
  } catch (e) {
    if (cluster.startedHere) await stopCluster(dir);
    throw e;
  }
}

function watchCluster(dir: string, everyMs = 1000) {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(async () => {
      if (stopped) return;
      if (!(await clusterAnswers(dir))) await ensureCluster(dir).catch(() => undefined);
    });
  }, everyMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

export async function createDatabase(cluster: Cluster, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: cluster.url('postgres') });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (!exists.rows.length) await admin.query(`create database "${name}"`);
  } catch (e) {
    // Two processes creating it at once: the other one won.
    if ((e as { code?: string }).code !== '42P04' && (e as { code?: string }).code !== '23505') throw e;
  } finally {
    await admin.end();
  }
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
