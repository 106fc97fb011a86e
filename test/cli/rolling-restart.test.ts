import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The short form of `bench/faults.ts --rolling N`: two processes on one PostgreSQL server behind
// the harness's balancer, each restarted with SIGTERM under intake load; clients do not retry.
const run = promisify(execFile);

describe.skipIf(!!process.env.TEST_DATABASE_URL)('rolling restart (short form)', () => {
  it('fails no request, loses nothing, and keeps the session valid on every process', async () => {
    const r = await run(process.execPath, ['--import', 'tsx', 'bench/faults.ts', '--rolling', '2', '--workers', '4', '--gap', '1-2'], { timeout: 280_000 }).catch(
      (e: { stdout: string; stderr: string }) => e,
    );
    const last = r.stdout.trim().split('\n').at(-1)!;
    const out = JSON.parse(last) as { ok: boolean; result: null | { restarts: number; acknowledged: number; failed: number; lost: number; duplicated: number; sessionValid: { before: string; after: string } } };
    if (!out.result) {
      // no PostgreSQL server binaries: a tier that cannot start is a failure under CI
      expect(process.env.CI, 'PostgreSQL server binaries are needed for the rolling restart').not.toBe('true');
      return;
    }
    expect(out.result.restarts).toBe(2);
    expect(out.result.acknowledged).toBeGreaterThan(0);
    expect([out.result.failed, out.result.lost, out.result.duplicated]).toEqual([0, 0, 0]);
    expect(out.result.sessionValid).toEqual({ before: '2/2', after: '2/2' });
    expect(out.ok).toBe(true);
  }, 300_000);
});
