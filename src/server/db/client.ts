import crypto from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyStream } from 'pg-copy-streams';

/**
 * The one database handle the code uses, over node-postgres: the embedded cluster and a server are
 * both real PostgreSQL, so every module writes plain SQL once.
 * Plain SQL rather than an ORM: the schema is hand-written committed migrations, the key queries
 * (locks, SKIP LOCKED claims, rollups) are SQL anyway, and there is no generate step to drift.
 */
export type QueryOptions = {
  /**
   * Kept as a named prepared statement on each connection, so PostgreSQL plans it once instead of
   * on every call: for the hottest statements, whose planning costs more than running them (the
   * order detail plans in milliseconds and runs in a fraction of one). Only for text drawn from a
   * fixed set of shapes, since every distinct text stays prepared for the connection's life.
   */
  prepare?: boolean;
};

export interface Queryable {
  query<T = Record<string, unknown>>(text: string, params?: unknown[], opts?: QueryOptions): Promise<{ rows: T[] }>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Per-database memo for small reference data, shared by the handle and its transactions. */
  readonly cache: Map<string, unknown>;
  /**
   * `COPY … FROM STDIN` with rows already in COPY's text format, one chunk after the other: the
   * bulk path of the history generator. Only on a transaction's connection.
   */
  copyFrom?(sql: string, chunks: Iterable<string>): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'embedded' | 'postgres';
  /** Runs fn inside one transaction; a thrown error rolls back. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * LISTEN on a channel: `onNotify` gets each payload, and an empty payload after a reconnect
   * (notifications sent meanwhile are lost, so the listener should re-read). Resolves once
   * listening; the returned function stops. Optional so that other handles still type-check;
   * callers fall back to polling without it.
   */
  listen?(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

const statementNames = new Map<string, string>();

/** The statement as node-postgres takes it: named by a hash of its text when it is to be prepared. */
function statement(text: string, values: unknown[] | undefined, opts?: QueryOptions): pg.QueryConfig {
  if (!opts?.prepare) return { text, values };
  let name = statementNames.get(text);
  if (!name) {
    name = `p${crypto.createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return { name, text, values };
}

// int8 and numeric come back as strings from pg: ids and counts stay far below 2^53, so numbers.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export async function openPostgres(url: string, max = 10, kind: Db['kind'] = 'postgres', settings: Record<string, string | number> = {}): Promise<Db> {
  const options = Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`).join(' ');
  // A bounded connect: during an outage a request fails fast with 503 instead of queueing forever.
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5000, ...(options ? { options } : {}) });
  pool.on('error', () => {
    /* an idle client died; the pool replaces it */
  });
  await pool.query('select 1');
  const cache = new Map<string, unknown>();
  return {
    kind,
    cache,
    async query<T>(text: string, params?: unknown[], opts?: QueryOptions) {
      const r = await pool.query(statement(text, params, opts));
      return { rows: r.rows as T[] };
    },
    async transaction(fn) {
      const client = await pool.connect();
      let broken = false;
      // A connection that dies while checked out emits 'error' on the client, not the pool; with no
      // listener that would crash the process. The query in flight (or the next) fails on its own.
      const lost = () => {
        broken = true;
      };
      client.on('error', lost);
      try {
        await client.query('begin');
        const result = await fn({
          cache,
          async query<T>(text: string, params?: unknown[], opts?: QueryOptions) {
            const r = await client.query(statement(text, params, opts));
            return { rows: r.rows as T[] };
          },
          async exec(sql: string) {
            await client.query(sql);
          },
          async copyFrom(sql: string, chunks: Iterable<string>) {
            await pipeline(Readable.from(chunks), client.query(copyStream(sql)));
          },
        });
        await client.query('commit');
        return result;
      } catch (e) {
        // A connection that cannot even roll back is dead (the server went away): destroy it
        // rather than hand it to the next request.
        broken = await client.query('rollback').then(
          () => false,
          () => true,
        );
        throw e;
      } finally {
        client.removeListener('error', lost);
        client.release(broken || undefined);
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async close() {
      await pool.end();
    },
    listen: (channel, onNotify) => listenPostgres(url, channel, onNotify),
  };
}

/**
 * A dedicated connection outside the pool (a pooled one would be handed to queries and lose its
 * LISTEN). A dropped connection is re-opened with back-off, and the listener told to catch up.
 */
async function listenPostgres(url: string, channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
  if (!CHANNEL.test(channel)) throw new Error(`bad channel name ${channel}`);
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (m) => {
      if (m.channel === channel) onNotify(m.payload ?? '');
    });
    const lost = () => {
      if (client !== c || stopped) return;
      client = null;
      c.end().catch(() => undefined);
      retry = setTimeout(() => void reconnect(1000), 1000);
    };
    c.on('error', lost);
    c.on('end', lost);
    await c.connect();
    await c.query(`listen ${channel}`);
    client = c;
  };
  const reconnect = async (delay: number): Promise<void> => {
    if (stopped) return;
    try {
      await connect();
      onNotify('');
    } catch {
      retry = setTimeout(() => void reconnect(Math.min(delay * 2, 30_000)), delay);
    }
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const c = client;
    client = null;
    await c?.end().catch(() => undefined);
  };
}
