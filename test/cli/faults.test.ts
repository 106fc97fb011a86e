import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The short form of bench/faults.ts: a few server kills and one PostgreSQL kill under intake load.
const run = promisify(execFile);

describe.skipIf(!!process.env.TEST_DATABASE_URL)('fault harness (short form)', () => {
  it('loses and duplicates no acknowledged order, and fires every due timer once, across server and PostgreSQL kills', async () => {
    const r = await run(process.execPath, ['--import', 'tsx', 'bench/faults.ts', '--db', 'embedded', '--kills', '2', '--pg-kills', '1', '--workers', '8', '--gap', '1-2'], { timeout: 280_000 }).catch(
      (e: { stdout: string; stderr: string }) => e,
    );
    const last = r.stdout.trim().split('\n').at(-1)!;
    const out = JSON.parse(last) as { ok: boolean; results: { kills: number; pgKills: number; acknowledged: number; lost: number; duplicated: number; eventLogDefects: number; timersMadeDue: number; timersUnfired: number; timersNotOnce: number; failedDuringPgOutages: Record<string, number> }[] };
    const [e] = out.results;
    expect([e.kills, e.pgKills]).toEqual([2, 1]);
    expect(e.acknowledged).toBeGreaterThan(0);
    expect([e.lost, e.duplicated, e.eventLogDefects]).toEqual([0, 0, 0]);
    // Timers made due just before each kill: every one fired, and exactly once.
    expect(e.timersMadeDue).toBeGreaterThan(0);
    expect([e.timersUnfired, e.timersNotOnce]).toEqual([0, 0]);
    // While PostgreSQL was down, requests failed as 503 database_unavailable, never as 500.
    expect(Object.keys(e.failedDuringPgOutages).filter((k) => k.startsWith('HTTP') && k !== 'HTTP 503 database_unavailable')).toEqual([]);
    expect(out.ok).toBe(true);
  }, 300_000);
});
