import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { TEMPLATE_DB, testClusterUrl, withDatabase } from '../support/template.ts';

// `npx shaobao backup` / `restore` through DATABASE_URL: on the embedded engine in the first tier,
// on the PostgreSQL server in the second.
const run = promisify(execFile);
const url = testClusterUrl();
const made: string[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shaobao-backup-'));

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
async function database(template: string): Promise<string> {
  const name = `sb_bk_${crypto.randomBytes(5).toString('hex')}`;
  await admin(`create database ${name} template ${template}`);
  made.push(name);
  return withDatabase(url, name);
}
async function shaobao(databaseUrl: string, ...args: string[]) {
  try {
    const r = await run(process.execPath, ['bin/shaobao.mjs', ...args], { env: { ...process.env, DATABASE_URL: databaseUrl, SHAOBAO_SEED: 'none' }, timeout: 120_000 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}
async function fingerprint(databaseUrl: string) {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const q = async (sql: string) => (await c.query(sql)).rows;
    return {
      counts: await q(`select (select count(*) from units)::int as units, (select count(*) from users)::int as users, (select count(*) from categories)::int as categories, (select count(*) from gazetteer)::int as gazetteer`),
      users: await q('select username, display_name, password_hash from users order by username'),
      // Codes stay unique for the life of the installation: the sequence comes back too.
      codeSeq: await q('select last_value, is_called from work_order_code_seq'),
    };
  } finally {
    await c.end();
  }
}

afterAll(async () => {
  for (const n of made) await admin(`drop database if exists ${n} with (force)`);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('round-trips a database into an empty one, and refuses to restore under a connected session', async () => {
    const source = await database(TEMPLATE_DB);
    const created = await shaobao(source, 'users', 'create', '--username', 'backup1', '--name', '备份员', '--password', 'secret-pass-7', '--role', 'admin');
    expect(created.code, created.out).toBe(0);
    const c = new pg.Client({ connectionString: source });
    await c.connect();
    await c.query("select setval('work_order_code_seq', 4242)");
    await c.end();

    const file = path.join(tmp, 'city.dump');
    const b = await shaobao(source, 'backup', '--out', file);
    expect(b.code, b.out).toBe(0);
    expect(fs.statSync(file).size).toBeGreaterThan(1000);

    const target = await database('template0');
    const holder = new pg.Client({ connectionString: target });
    await holder.connect();
    const refused = await shaobao(target, 'restore', '--in', file);
    await holder.end();
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/Refusing to restore: 1 other session/);

    const r = await shaobao(target, 'restore', '--in', file);
    expect(r.code, r.out).toBe(0);
    const [before, after] = [await fingerprint(source), await fingerprint(target)];
    expect(after).toEqual(before);
    expect(after.users.map((u) => u.username)).toContain('backup1');
    expect(Number(after.codeSeq[0].last_value)).toBe(4242);
    // four command processes, a dump and a restore: 18 s on a quiet machine, over 60 s on a loaded one
  }, 240_000);
});
