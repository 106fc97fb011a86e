import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterDir, stopCluster } from '../../src/server/db/embedded-cluster.ts';
import { openDatabase } from '../../src/server/db/open.ts';
import { ensureWebBuilt } from '../../src/server/main.ts';
import { firstStreetId, intakeBody, login, printedPassword, spawnServer, tempDataDir, type ServerProcess } from '../support/server-process.ts';

// Whole server processes on the embedded database: shutdown, a database outage, and several
// processes on one data directory. One run is enough (the server tier has no data directory).
const dirs: string[] = [];
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  for (const d of dirs) {
    await stopCluster(d);
    fs.rmSync(path.dirname(d), { recursive: true, force: true });
  }
});

const freshDir = () => {
  const d = tempDataDir('shaobao-life-');
  dirs.push(d);
  return d;
};
const start = async (dataDir: string, env: Record<string, string> = {}) => {
  const s = await spawnServer({ SHAOBAO_DATA_DIR: dataDir, DATABASE_URL: '', ...env });
  servers.push(s);
  return s;
};

async function agentOf(s: ServerProcess, output = s.output()) {
  const token = await login(s.url, 'agent', printedPassword(output, 'agent'));
  return { token, streetId: await firstStreetId(s.url, token) };
}

function postOrder(url: string, a: { token: string; streetId: number }, marker: string) {
  return fetch(`${url}/api/work-orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${a.token}`, 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify(intakeBody(a.streetId, marker)),
  });
}

function send(agent: http.Agent, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function countMarked(dataDir: string, marker: string): Promise<number> {
  const o = await openDatabase({ SHAOBAO_DATA_DIR: dataDir, DATABASE_URL: undefined });
  try {
    return (await o.db.query<{ n: number }>('select count(*)::int as n from work_orders where text like $1', [`%${marker}%`])).rows[0].n;
  } finally {
    await o.release();
  }
}

/** Processes running `postgres -D <cluster>`: postmasters, as opposed to their backends, which rename themselves. */
function postmasters(dataDir: string): number[] {
  const dir = clusterDir(dataDir);
  return fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      const argv = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      return path.basename(argv[0]) === 'postgres' && argv[1] === '-D' && argv[2] === dir;
    } catch {
      return false;
    }
  }).map(Number);
}

describe.skipIf(!!process.env.TEST_DATABASE_URL)('server processes on the embedded database', () => {
  beforeAll(() => ensureWebBuilt(() => undefined), 300_000);

  it('SIGTERM finishes every request in flight, then stops the database and exits 0', async () => {
    const dir = freshDir();
    const s = await start(dir);
    await s.ready();
    const agent = await agentOf(s);
    const marker = `DRAIN${crypto.randomBytes(4).toString('hex')}`;
    // Open the 48 connections first and keep them alive, so every request below is on a connection
    // the server has accepted: one still in the listen backlog is refused at close, not drained.
    const pool = new http.Agent({ keepAlive: true, maxSockets: 48 });
    await Promise.all(Array.from({ length: 48 }, () => send(pool, 'GET', `${s.url}/api/health/live`)));
    let signalledAt = 0;
    const answeredAt: number[] = [];
    const requests = Array.from({ length: 48 }, (_, i) =>
      send(pool, 'POST', `${s.url}/api/work-orders`, intakeBody(agent.streetId, `${marker}x${i}`), { authorization: `Bearer ${agent.token}`, 'idempotency-key': crypto.randomUUID() }).then((status) => {
        answeredAt.push(Date.now());
        return status;
      }),
    );
    await new Promise((r) => setTimeout(r, 30));
    signalledAt = Date.now();
    s.child.kill('SIGTERM');
    const statuses = await Promise.all(requests);
    expect(statuses.filter((x) => x !== 201), s.output()).toEqual([]);
    // They were in flight: some answered after the signal.
    expect(answeredAt.filter((t) => t > signalledAt).length).toBeGreaterThan(0);
    expect(await s.exited).toBe(0);
    expect(postmasters(dir)).toEqual([]);
    expect(await countMarked(dir, marker)).toBe(48);
  }, 240_000);

  it('SIGTERM ends open live streams with a bye instead of waiting out the drain bound', async () => {
    const dir = freshDir();
    const s = await start(dir, { SHAOBAO_DEMO_HISTORY: '0', SHAOBAO_DRAIN_MS: '60000' });
    await s.ready();
    const agent = await agentOf(s);
    const res = await fetch(`${s.url}/api/live`, { headers: { authorization: `Bearer ${agent.token}` } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const seen: string[] = [];
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        seen.push(new TextDecoder().decode(value));
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    const signalledAt = Date.now();
    s.child.kill('SIGTERM');
    await reading;
    expect(seen.join('')).toMatch(/event: bye\ndata: \{"reason":"shutdown"\}/);
    expect(await s.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(30_000);
  }, 240_000);

  it('a database outage answers 503 database_unavailable with Retry-After, logged once; liveness stays up, readiness does not', async () => {
    const dir = freshDir();
    const s = await start(dir);
    await s.ready();
    const agent = await agentOf(s);
    // The server restarts a PostgreSQL that went away; a setting it cannot start with keeps it down.
    const autoConf = path.join(clusterDir(dir), 'postgresql.auto.conf');
    const conf = fs.readFileSync(autoConf, 'utf8');
    fs.appendFileSync(autoConf, "\nshaobao_no_such_setting = 'x'\n");
    await stopCluster(dir);
    const failed = await Promise.all(Array.from({ length: 10 }, (_, i) => postOrder(s.url, agent, `OUT${i}`)));
    for (const r of failed) {
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('1');
      expect(((await r.json()) as { code: string }).code).toBe('database_unavailable');
    }
    expect((await fetch(`${s.url}/api/health/live`)).status).toBe(200);
    expect((await fetch(`${s.url}/api/health/ready`)).status).toBe(503);
    expect((await fetch(`${s.url}/api/health`)).status).toBe(503);
    expect(s.output().match(/database unavailable/g)).toHaveLength(1);
    expect(s.output()).not.toMatch(/unhandled error|"stack"/);

    fs.writeFileSync(autoConf, conf); // the database can start again: the server brings it back itself
    await s.ready(60_000);
    expect((await postOrder(s.url, agent, 'BACK')).status).toBe(201);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  }, 240_000);

  it('two servers started at once share one postmaster; a session made on one is valid on the other; after everything is killed a restart recovers', async () => {
    const dir = freshDir();
    const [a, b] = await Promise.all([start(dir), start(dir)]);
    await Promise.all([a.ready(), b.ready()]);
    expect(postmasters(dir)).toHaveLength(1);
    const seeded = a.output() + b.output(); // whichever seeded the city printed the accounts
    const agent = await agentOf(a, seeded);
    const me = await fetch(`${b.url}/api/auth/me`, { headers: { authorization: `Bearer ${agent.token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { username: string }).username).toBe('agent');

    const marker = `PAIR${crypto.randomBytes(4).toString('hex')}`;
    const statuses = await Promise.all(Array.from({ length: 40 }, (_, i) => postOrder(i % 2 ? a.url : b.url, agent, `${marker}x${i}`).then((r) => r.status)));
    expect(statuses.every((x) => x === 201)).toBe(true);

    // A container dies: servers and postmaster alike, leaving postmaster.pid behind. The restarted
    // container hands out low pids again; PID 1 in the stale file must not block the start.
    const [pm] = postmasters(dir);
    a.child.kill('SIGKILL');
    b.child.kill('SIGKILL');
    process.kill(pm, 'SIGKILL');
    await Promise.all([a.exited, b.exited]);
    const pidFile = path.join(clusterDir(dir), 'postmaster.pid');
    const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
    fs.writeFileSync(pidFile, ['1', ...lines.slice(1)].join('\n'));

    const c = await start(dir);
    await c.ready();
    expect(postmasters(dir)).toHaveLength(1);
    expect(await countMarked(dir, marker)).toBe(40);
    c.child.kill('SIGTERM');
    expect(await c.exited).toBe(0);
    expect(postmasters(dir)).toEqual([]);
  }, 240_000);
});
