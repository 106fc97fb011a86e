import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, login, printedPassword, spawnServer, type ServerProcess } from '../support/server-process.ts';

/*
 * Two server processes on one PostgreSQL server. An edit of reference data through one is seen by
 * the other's very next request: the edit notifies every process's reference cache, rather than
 * each module's memo expiring on its own clock (the calendar used to be kept for 30 s).
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shaobao-refcache-'));
let url = '';
let a: ServerProcess;
let b: ServerProcess;
let admin = '';

const hasServer = (() => {
  try {
    execFileSync('bash', ['-c', 'ls -d /usr/lib/postgresql/*/bin || command -v pg_config'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!!process.env.TEST_DATABASE_URL || (!hasServer && process.env.CI !== 'true'))('reference cache across processes', () => {
  beforeAll(async () => {
    url = execFileSync('scripts/pg-server.sh', ['start', dir, String(await freePort())], { encoding: 'utf8' }).trim();
    const env = { DATABASE_URL: url, SHAOBAO_SEED: 'demo' };
    a = await spawnServer(env);
    await a.ready();
    b = await spawnServer(env);
    await b.ready();
    admin = await login(a.url, 'admin', printedPassword(a.output(), 'admin'));
  }, 240_000);
  afterAll(async () => {
    for (const s of [a, b]) s?.child.kill('SIGTERM');
    await Promise.all([a?.exited, b?.exited]);
    execFileSync('scripts/pg-server.sh', ['stop', dir]);
  });

  const day = async (s: ServerProcess, date: string) => {
    const r = await fetch(`${s.url}/api/calendar/${date.slice(0, 4)}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(r.status).toBe(200);
    return ((await r.json()) as { days: { date: string }[] }).days.find((d) => d.date === date);
  };

  it('a calendar day declared through one process is in force in the other at its next request', async () => {
    const date = '2026-03-04'; // a Wednesday, a working day in the seed
    const before = await day(b, date); // b now holds the calendar
    const put = await fetch(`${a.url}/api/calendar/days`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ date, kind: 'holiday', name: '临时调休' }),
    });
    expect(put.status, await put.text()).toBe(200);
    const seenByA = await day(a, date);
    expect(seenByA).not.toEqual(before);
    expect(await day(b, date)).toEqual(seenByA);
  });

  it('a whistle policy published through one process sets the report-in limit of the next whistle blown through the other', async () => {
    const get = async (s: ServerProcess) =>
      ((await (await fetch(`${s.url}/api/whistle-policies`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { items: { version: number }[] }).items;
    const before = await get(b); // b now holds the policies
    const hours = (amount: number) => ({ amount, unit: 'hours' });
    const post = await fetch(`${a.url}/api/whistle-policies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({
        name: '应急哨 45 分钟到场', validFrom: new Date(Date.now() - 1000).toISOString(),
        limits: { routine: { amount: 3, unit: 'working_days' }, key_task: hours(24), hard_problem: hours(24), emergency: { amount: 45, unit: 'minutes' } },
      }),
    });
    expect(post.status, await post.text()).toBe(201);
    const after = await get(b);
    expect(after[0].version).toBe(before[0].version + 1);
    // Blown through b: its deadline comes from the version a published, 45 minutes rather than the default 30.
    const street = await login(b.url, 'donghuamen', printedPassword(a.output(), 'donghuamen'));
    const units = async (kind: string) =>
      ((await (await fetch(`${b.url}/api/units?kind=${kind}&limit=50`, { headers: { authorization: `Bearer ${street}` } })).json()) as { items: { id: number; code: string }[] }).items;
    const streetId = (await units('street')).find((u) => u.code === '110101001')!.id;
    const dept = (await units('department')).find((u) => u.code === 'D110101-UMC')!.id;
    const blown = await fetch(`${b.url}/api/whistles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${street}` },
      body: JSON.stringify({ type: 'emergency', trigger: 'emergency', title: '燃气泄漏', description: '沿街餐馆燃气泄漏', streetId, workOrderIds: [], summonedUnitIds: [dept] }),
    });
    const w = (await blown.json()) as { createdAt: string; reportIns: { dueAt: string }[] };
    expect(blown.status, JSON.stringify(w)).toBe(201);
    expect(new Date(w.reportIns[0].dueAt).getTime() - new Date(w.createdAt).getTime()).toBe(45 * 60_000);
  });
});
