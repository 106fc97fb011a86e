import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shaobao-eval-cli-'));
fs.chmodSync(dir, 0o755); // as root, the embedded PostgreSQL runs as the postgres user
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  try {
    const r = await run(process.execPath, ['bin/shaobao.mjs', 'evaluation', ...args], { env: { ...process.env, SHAOBAO_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' }, timeout: 170_000 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

describe.skipIf(!!process.env.TEST_DATABASE_URL)('npx shaobao evaluation', () => {
  it('recompute reports the differences as JSON; bad usage exits 2', async () => {
    const r = await cli('recompute', '--check', '--period', '2026-03');
    expect(r.code, r.out).toBe(0);
    expect(JSON.parse(r.out.trim().split('\n').at(-1)!)).toEqual({ orders: 0, results: 0, rollups: 0, differences: 0, applied: false });
    expect((await cli('recompute', '--period', '2026-13')).code).toBe(2);
    expect((await cli('rebuild')).code).toBe(2);
  }, 180_000);
});
