import crypto from 'node:crypto';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseDemoAccounts } from '../src/server/db/seed/demo-banner.ts';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export type Server = { url: string; stop(): Promise<void>; passwords: Record<string, string>; pid: number };

/** Starts the real product (`shaobao serve`) in its own process, so the load generator does not share its event loop. */
export async function startServer(env: Record<string, string>, nodeArgs: string[] = []): Promise<Server> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, 'bin/shaobao.mjs', 'serve'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SHAOBAO_LOG: 'silent', SHAOBAO_SEED: 'demo', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The start (where the demo passwords are printed) and the latest output, never all of it: a
  // server that writes for hours must not fill this process's memory.
  let head = '';
  let tail = '';
  const keep = (d: Buffer) => {
    if (head.length < 65_536) head += d;
    else tail = (tail + d).slice(-65_536);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const output = () => (tail ? `${head}\n…\n${tail}` : head);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output()}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid!,
    // printed once on first start: a benchmark on a fresh data directory always sees them
    passwords: parseDemoAccounts(head),
    // A server still draining after 30 s is killed, so a bench never waits on it for ever.
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** A fresh directory for a data dir; searchable by others, since as root the embedded PostgreSQL runs as the postgres user. */
export function tempDataDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}

export type PgServer = { url: string; dir: string; stop(): void };

/**
 * A throw-away PostgreSQL server (scripts/pg-server.sh), or null where no server binaries exist.
 * With `keep`, the cluster lives in that directory, is started as it is when it exists, and is
 * left there when stopped: a history of millions of orders generated once serves later benches.
 * `port`: a fixed port (a machine's benches given ranges of their own), else any free one.
 */
export async function startPostgres(opts: { durable?: boolean; keep?: string; port?: number } = {}): Promise<PgServer | null> {
  const dir = opts.keep ? path.resolve(opts.keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'shaobao-bench-pg-'));
  if (opts.keep) fs.mkdirSync(dir, { recursive: true });
  try {
    const args = ['start', dir, String(opts.port ?? (await freePort())), ...(opts.durable ? ['durable'] : [])];
    const base = execFileSync('scripts/pg-server.sh', args, { encoding: 'utf8' }).trim();
    return { url: base, dir, stop: () => execFileSync('scripts/pg-server.sh', ['stop', dir, ...(opts.keep ? ['keep'] : [])]) };
  } catch {
    if (!opts.keep) fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

export async function login(url: string, username: string, password: string): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const j = (await r.json()) as { token?: string };
  if (!j.token) throw new Error(`login failed: ${JSON.stringify(j)}`);
  return j.token;
}

/** Runs measure() on a fresh embedded database and, where server binaries exist, on a PostgreSQL server. */
export async function onBothDatabases<T>(measure: (label: string, db: import('../src/server/db/client.ts').Db) => Promise<T>): Promise<T[]> {
  const { openPostgres } = await import('../src/server/db/client.ts');
  const { openDatabase } = await import('../src/server/db/open.ts');
  const out: T[] = [];
  const dataDir = tempDataDir('shaobao-bench-');
  const embedded = await openDatabase({ SHAOBAO_DATA_DIR: dataDir, DATABASE_URL: undefined }, { role: 'server' });
  try {
    out.push(await measure('embedded (PostgreSQL)', embedded.db));
  } finally {
    await embedded.release();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const server = await startPostgres();
  if (!server) {
    console.log('PostgreSQL server binaries not found: server figures skipped.');
    return out;
  }
  const db = await openPostgres(server.url, 4);
  try {
    out.push(await measure('server (PostgreSQL)', db));
  } finally {
    await db.close();
    server.stop();
  }
  return out;
}

/**
 * On a bench's own cluster that already holds a generated history (whose demo passwords were shown
 * once, at its first start), sets known passwords for the accounts a bench signs in as.
 */
export async function benchPasswords(db: import('../src/server/db/client.ts').Queryable, users: string[], passwordFor: (u: string) => string): Promise<void> {
  const { hashPassword } = await import('../src/server/lib/password.ts');
  for (const u of users) await db.query('update users set password_hash = $2 where username = $1', [u, await hashPassword(passwordFor(u))]);
}

// What the benches' callers report: a handful of everyday complaints, each caller with their own phone.
const BENCH_REQUESTS: [title: string, text: string][] = [
  ['小区门口占道经营扰民', '每天傍晚有摊贩在胡同口占道经营，噪音扰民，希望有关部门管理。'],
  ['路灯不亮', '楼前的路灯坏了一个星期，晚上出行不安全，请尽快维修。'],
  ['垃圾清运不及时', '小区垃圾桶满了两天没人清运，气味很大，请安排清运。'],
  ['施工噪音扰民', '附近工地夜间施工到凌晨，影响休息，请核查是否有夜间施工许可。'],
  ['下水道堵塞', '院里下水道堵了，污水漫到路面，请派人疏通。'],
  ['违规停车堵路', '胡同里常有车辆乱停，消防通道被堵，请加强管理。'],
];
const BENCH_ROADS = ['东华门大街', '南池子大街', '北池子大街', '南河沿大街', '王府井大街', '灯市口大街'];
const BENCH_NAMES = ['张三', '李四', '王芳', '刘洋', '陈静', '赵磊'];

/**
 * One intake as the benches send it: a street's complaint with a fresh Idempotency-Key, from a
 * caller of its own (phone), at one of many addresses, about one of a few everyday matters. A
 * single phone and address for every order would make one caller with thousands of orders a month
 * and one ever-growing repeat group, which no city has and which the repeat checks pay for per order.
 */
export function intakeRequest(token: string, streetId: number): import('autocannon').Request {
  return {
    method: 'POST',
    path: '/api/work-orders',
    setupRequest: (req: import('autocannon').Request) => {
      const [title, text] = BENCH_REQUESTS[crypto.randomInt(BENCH_REQUESTS.length)];
      const address = `${BENCH_ROADS[crypto.randomInt(BENCH_ROADS.length)]}${crypto.randomInt(1, 300)}号`;
      const phone = `1${crypto.randomInt(30, 100)}${String(crypto.randomInt(1e8)).padStart(8, '0')}`;
      return {
        ...req,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({
          channel: 'phone', requestType: 'complaint', title, text: `${text}编号${crypto.randomInt(1e9)}`,
          location: { streetId, address }, requester: { name: BENCH_NAMES[crypto.randomInt(BENCH_NAMES.length)], phone },
        }),
      };
    },
  } as import('autocannon').Request;
}

/** The p-th percentile (0–100) of timings, nearest rank. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** The best of `runs` timings of fn, in ms to a tenth, with its last result. */
export async function bestOf<T>(fn: () => Promise<T>, runs = 5): Promise<{ ms: number; result: T }> {
  let best = Infinity;
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = await fn();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: Math.round(best * 10) / 10, result };
}
