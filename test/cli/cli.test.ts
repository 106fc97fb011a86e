import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/server/db/open.ts';
import { stopCluster } from '../../src/server/db/embedded-cluster.ts';
import { heldOutSplit } from '../support/synthetic-texts.ts';

const run = promisify(execFile);
// Each command starts a process and, on a fresh directory, its PostgreSQL: slow on a busy machine.
vi.setConfig({ testTimeout: 240_000 });
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) {
    await stopCluster(path.join(d, 'data'));
    fs.rmSync(d, { recursive: true, force: true });
  }
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'shaobao-cli-'));
  fs.chmodSync(d, 0o755); // as root, the embedded PostgreSQL runs as the postgres user
  dirs.push(d);
  return path.join(d, 'data');
}

const postmasterPid = (dir: string): number | null => {
  const f = path.join(dir, 'pg', 'postmaster.pid');
  return fs.existsSync(f) ? Number(fs.readFileSync(f, 'utf8').split('\n')[0]) : null;
};

async function shaobao(dataDir: string, ...args: string[]) {
  try {
    const r = await run(process.execPath, ['bin/shaobao.mjs', ...args], {
      env: { ...process.env, SHAOBAO_DATA_DIR: dataDir, DATABASE_URL: '' },
      timeout: 90_000,
    });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

// The CLI always works on the embedded database: one run on it is enough.
describe.skipIf(!!process.env.TEST_DATABASE_URL)('npx shaobao', () => {
  it('creates and migrates a fresh data directory, then manages accounts', async () => {
    const dir = tempDir();
    const m = await shaobao(dir, 'migrate');
    expect(m.code, m.out).toBe(0);
    expect(m.out).toMatch(/Applied: 0001_org\.sql, 0002_work_orders\.sql/);
    expect(fs.existsSync(path.join(dir, 'pg', 'PG_VERSION'))).toBe(true);
    // The command started the embedded PostgreSQL for itself, so it stopped it again.
    expect(postmasterPid(dir)).toBeNull();

    const again = await shaobao(dir, 'migrate');
    expect(again.out).toMatch(/up to date/);

    const c = await shaobao(dir, 'users', 'create', '--username', 'ops1', '--name', '运维一', '--password', 'secret-pass-1', '--role', 'admin');
    expect(c.code, c.out).toBe(0);
    expect(c.out).toMatch(/Created ops1/);
    const dup = await shaobao(dir, 'users', 'create', '--username', 'ops1', '--name', 'x', '--role', 'admin');
    expect(dup.code).toBe(1);
    expect(dup.out).toMatch(/conflict.*already exists/);
    const bad = await shaobao(dir, 'users', 'create', '--username', 'X!', '--role', 'admin');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/validation_failed/);
    const reset = await shaobao(dir, 'users', 'reset', '--username', 'ops1');
    expect(reset.out).toMatch(/new password: \S{8,}/);
    const list = await shaobao(dir, 'users', 'list');
    expect(list.out).toMatch(/ops1\s+运维一\s+\[admin\]/);
  });

  it('seeds the demo city once', async () => {
    const dir = tempDir();
    const first = await shaobao(dir, 'seed');
    expect(first.code, first.out).toBe(0);
    // a random password per installation, printed once
    expect(first.out).toMatch(/dispatcher\s+[A-Za-z0-9_-]{16}\s/);
    expect(first.out).not.toMatch(/demo-dispatcher-2026/);
    const second = await shaobao(dir, 'seed');
    expect(second.out).toMatch(/already present/);
  });

  it('works on a data directory a running process holds, through that process’s PostgreSQL, and leaves it running', async () => {
    const dir = tempDir();
    const held = await openDatabase({ SHAOBAO_DATA_DIR: dir, DATABASE_URL: undefined }, { role: 'server' });
    try {
      const pid = postmasterPid(dir);
      expect(pid).toBeGreaterThan(0);
      // The embedded default is durable: an acknowledged commit is on disk.
      const setting = async (name: string) => (await held.db.query<Record<string, string>>(`show ${name}`)).rows[0][name];
      expect([await setting('fsync'), await setting('synchronous_commit'), await setting('full_page_writes')]).toEqual(['on', 'on', 'on']);
      const r = await shaobao(dir, 'users', 'create', '--username', 'ops2', '--name', 'x', '--password', 'secret-pass-2', '--role', 'admin');
      expect(r.code, r.out).toBe(0);
      expect(postmasterPid(dir)).toBe(pid);
      // The holder sees the command's write at once: one database, not two copies.
      const rows = await held.db.query('select 1 from users where username = $1', ['ops2']);
      expect(rows.rows).toHaveLength(1);
    } finally {
      await held.release();
    }
    expect(postmasterPid(dir)).toBeNull();
  });

  it('trains the classifier from a CSV and evaluates the active model in one line of JSON', async () => {
    const dir = tempDir();
    const csvOf = (name: string, docs: { label: string; text: string }[]) => {
      const file = path.join(path.dirname(dir), name);
      // Columns other than label and text are ignored.
      fs.writeFileSync(file, ['id,label,text,time', ...docs.map((d, i) => `${i},${d.label},"${d.text}",2026-01-01`)].join('\n'));
      return file;
    };
    const { train, test } = heldOutSplit();
    const trained = await shaobao(dir, 'classifier', 'train', '--csv', csvOf('train.csv', train));
    expect(trained.code, trained.out).toBe(0);
    expect(trained.out).toMatch(/Trained category model version 1 on 70 texts \(7 classes\)/);
    const evaluated = await shaobao(dir, 'classifier', 'evaluate', '--csv', csvOf('test.csv', test));
    expect(evaluated.code, evaluated.out).toBe(0);
    const line = evaluated.out.split('\n').find((l) => l.startsWith('{'))!;
    const e = JSON.parse(line);
    expect(Object.keys(e)).toEqual(['n', 'accuracy', 'macroF1', 'perClass']);
    expect(e.n).toBe(35);
    expect(e.accuracy).toBeGreaterThan(0.8);
    expect(Object.keys(e.perClass)).toHaveLength(7);
    const missing = await shaobao(dir, 'classifier', 'evaluate', '--csv', path.join(dir, 'nope.csv'));
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/No such file/);
  });

  it('explains unknown commands and bad configuration', async () => {
    const dir = tempDir();
    const u = await shaobao(dir, 'frobnicate');
    expect(u.code).toBe(2);
    expect(u.out).toMatch(/Unknown command "frobnicate"[\s\S]*serve/);
    const r = await run(process.execPath, ['bin/shaobao.mjs', 'migrate'], { env: { ...process.env, PORT: 'abc', DATABASE_URL: 'mysql://x' } }).catch((e) => e as { code: number; stderr: string });
    expect((r as { code: number }).code).toBe(1);
    expect((r as { stderr: string }).stderr).toMatch(/Invalid configuration:[\s\S]*PORT[\s\S]*DATABASE_URL/);
  });
});
