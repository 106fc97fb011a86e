import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** A fresh directory for a data dir, searchable by others: as root the embedded PostgreSQL runs as the postgres user. */
export function tempDataDir(prefix = 'shaobao-proc-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return path.join(dir, 'data');
}

export type ServerProcess = {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  ready: (ms?: number) => Promise<void>;
};

/** `node bin/shaobao.mjs serve` in its own process (tsx runs in-process, so the pid is the server's). */
export async function spawnServer(env: Record<string, string>, port?: number): Promise<ServerProcess> {
  const p = port ?? (await freePort());
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/shaobao.mjs'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(p), HOST: '127.0.0.1', SHAOBAO_LOG: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${p}`;
  const ready = async (ms = 120_000) => {
    const until = Date.now() + ms;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited (${child.exitCode ?? child.signalCode}):\n${out}`);
      try {
        if ((await fetch(`${url}/api/health`)).status === 200) return;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > until) throw new Error(`server not ready after ${ms} ms:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { url, child, output: () => out, exited, ready };
}

/** The password the server printed for a demo account on its first start. */
export function printedPassword(output: string, username: string): string {
  const m = new RegExp(`^\\s+${username}\\s+(\\S+)`, 'm').exec(output);
  if (!m) throw new Error(`no password printed for ${username}:\n${output}`);
  return m[1];
}

export async function login(url: string, username: string, password: string): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const j = (await r.json()) as { token?: string };
  if (!j.token) throw new Error(`login failed for ${username}: ${JSON.stringify(j)}`);
  return j.token;
}

/** The intake body the benchmarks use, with a marker that identifies the order afterwards. */
export function intakeBody(streetId: number, marker: string) {
  return {
    channel: 'phone',
    requestType: 'complaint',
    title: '小区门口占道经营扰民',
    text: `每天傍晚有摊贩在胡同口占道经营，噪音扰民，希望有关部门管理。${marker}`,
    location: { streetId, address: '东华门大街12号' },
    requester: { name: '张三', phone: '13812345678' },
  };
}

export async function firstStreetId(url: string, token: string): Promise<number> {
  const r = await fetch(`${url}/api/units?kind=street&limit=1`, { headers: { authorization: `Bearer ${token}` } });
  return ((await r.json()) as { items: { id: number }[] }).items[0].id;
}
