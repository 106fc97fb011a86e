import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The closing line of `npm test` is what CI believes: a tier that could not start must not pass unseen.
function summarize(env: Record<string, string>, files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shaobao-sum-'));
  const args = Object.entries(files).map(([name, body]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, body);
    return `${name.split('.')[0]}=${file}`;
  });
  const r = spawnSync(process.execPath, ['scripts/summarize-tests.mjs', ...args], { env: { ...process.env, CI: '', ...env }, encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return { code: r.status, last: r.stdout.trim().split('\n').at(-1) };
}

const green = JSON.stringify({ numPassedTests: 5, numFailedTests: 0, numPendingTests: 1, success: true, testResults: [] });

describe('summarize-tests', () => {
  it('counts a tier that did not run as a failure under CI=true and as a skip elsewhere', () => {
    const files = { 'embedded.json': green, 'e2e.absent': 'no Chromium' };
    expect(summarize({ CI: 'true' }, files)).toEqual({ code: 1, last: '5 passed, 1 failed, 1 skipped' });
    expect(summarize({}, files)).toEqual({ code: 0, last: '5 passed, 0 failed, 2 skipped' });
  });

  it('counts a crashed run and a run that failed outside its tests as failures', () => {
    expect(summarize({}, { 'embedded.json': green, 'postgres.json': JSON.stringify({ numPassedTests: 3, numFailedTests: 0, success: false }) }).last).toBe('8 passed, 1 failed, 1 skipped');
    const crashed = spawnSync(process.execPath, ['scripts/summarize-tests.mjs', 'e2e=/nonexistent/e2e.json'], { encoding: 'utf8' });
    expect(crashed.status).toBe(1);
    expect(crashed.stdout.trim().split('\n').at(-1)).toBe('0 passed, 1 failed, 0 skipped');
  });
});
