/**
 * Rolling restart: N server processes on one PostgreSQL server behind the harness's load balancer,
 * restarted one at a time with SIGTERM (each drains, exits, and comes back on its port) while
 * workers keep filing orders through the balancer. Clients do not retry: every request's first
 * answer counts, so "0 failed" means no caller saw an error. The token from before the restarts is
 * checked on every process before and after (sessions live in the database).
 */
import crypto from 'node:crypto';
import { firstStreetId, freePort, intakeBody, login, printedPassword, spawnServer, type ServerProcess } from '../test/support/server-process.ts';
import { startBalancer } from './load-balancer.ts';
import { startPostgres } from './support.ts';
import { verifyAcks, type Ack } from './faults-verify.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = (a: number, b: number) => a + Math.random() * (b - a);

async function sessionValidOn(servers: ServerProcess[], token: string): Promise<number> {
  let ok = 0;
  for (const s of servers) if ((await fetch(`${s.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status === 200) ok++;
  return ok;
}

export async function runRolling(opts: { processes: number; rounds: number; workers: number; gap: [number, number] }) {
  const pgs = await startPostgres({ durable: true });
  if (!pgs) return null;
  const env = { DATABASE_URL: pgs.url, SHAOBAO_SEED: 'demo', SHAOBAO_DRAIN_MS: '10000' };
  const ports = await Promise.all(Array.from({ length: opts.processes }, () => freePort()));
  const servers: ServerProcess[] = [];
  try {
    // the first one migrates and seeds (and prints the demo passwords); the others join it
    servers.push(await spawnServer(env, ports[0]));
    await servers[0].ready();
    servers.push(...(await Promise.all(ports.slice(1).map((p) => spawnServer(env, p)))));
    await Promise.all(servers.map((s) => s.ready()));
    const lb = await startBalancer(servers.map((s) => s.url));
    const token = await login(lb.url, 'agent', printedPassword(servers[0].output(), 'agent'));
    const sessionsBefore = await sessionValidOn(servers, token);
    const streetId = await firstStreetId(lb.url, token);
    const tag = crypto.randomBytes(3).toString('hex');
    const acks: Ack[] = [];
    const failures: Record<string, number> = {};
    let sent = 0;
    let stopping = false;
    const worker = async () => {
      while (!stopping) {
        const marker = `MK${tag}x${sent++}x${crypto.randomBytes(3).toString('hex')}`;
        try {
          const r = await fetch(`${lb.url}/api/work-orders`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': crypto.randomUUID() },
            body: JSON.stringify(intakeBody(streetId, marker)),
            signal: AbortSignal.timeout(30_000),
          });
          const j = (await r.json()) as { id?: number; code?: string };
          if (r.status === 201 && j.id) acks.push({ id: j.id, code: j.code!, marker, replayed: false });
          else {
            const k = `HTTP ${r.status} ${j.code ?? ''}`.trim();
            failures[k] = (failures[k] ?? 0) + 1;
          }
        } catch (e) {
          const k = ((e as Error).cause as { code?: string })?.code ?? (e as Error).name;
          failures[k] = (failures[k] ?? 0) + 1;
        }
      }
    };
    const workers = Array.from({ length: opts.workers }, worker);
    const restartMs: number[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      for (let i = 0; i < servers.length; i++) {
        await sleep(between(...opts.gap) * 1000);
        servers[i].child.kill('SIGTERM');
        const code = await servers[i].exited;
        if (code !== 0) throw new Error(`process ${i} exited with ${code} on SIGTERM:\n${servers[i].output()}`);
        const t0 = Date.now();
        servers[i] = await spawnServer(env, ports[i]);
        await servers[i].ready();
        restartMs.push(Date.now() - t0);
      }
    }
    await sleep(1000);
    stopping = true;
    await Promise.all(workers);
    const sessionsAfter = await sessionValidOn(servers, token);
    const balancer = { ...lb.counts };
    await lb.close();
    const check = await verifyAcks(pgs.url, tag, acks);
    const requests = acks.length + Object.values(failures).reduce((a, b) => a + b, 0);
    return {
      label: 'PostgreSQL server (fsync, synchronous_commit on)', processes: opts.processes, restarts: restartMs.length, requests,
      acknowledged: acks.length, failed: requests - acks.length, failures, ...check, restartMs, balancer,
      sessionValid: { before: `${sessionsBefore}/${opts.processes}`, after: `${sessionsAfter}/${opts.processes}` },
    };
  } finally {
    for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
    pgs.stop();
  }
}
