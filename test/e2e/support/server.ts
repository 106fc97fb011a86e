import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopCluster } from '../../../src/server/db/embedded-cluster.ts';
import { parseDemoAccounts } from '../../../src/server/db/seed/demo-banner.ts';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WEB_OUT = path.join(ROOT, 'dist', 'web', 'console.html');
/** Which build the bundle is: one left by an older run may be React's development build. */
const WEB_MODE = path.join(ROOT, 'dist', 'web', '.build-mode');
const WEB_INPUTS = ['src/web', 'src/shared', 'public', 'index.html', 'console.html', 'command-centre.html', 'grid.html', 'vite.config.ts'];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((f) => newestMtime(path.join(p, f))));
}

/**
 * Builds dist/web when it is missing or older than its sources: a journey against a stale
 * bundle tests yesterday's code. The server would build a missing bundle itself, but inside the
 * health-check wait and never a stale one.
 */
export function ensureWebBuilt(): void {
  const built = fs.existsSync(WEB_OUT) ? fs.statSync(WEB_OUT).mtimeMs : 0;
  const sources = Math.max(...WEB_INPUTS.map((p) => newestMtime(path.join(ROOT, p))));
  const production = fs.existsSync(WEB_MODE) && fs.readFileSync(WEB_MODE, 'utf8') === 'production';
  if (built && built >= sources && production) return;
  // vitest sets NODE_ENV=test and vite keeps the NODE_ENV it finds: the journeys would time React's
  // development build (several times slower) instead of what the server gives people.
  const env = { ...process.env, NODE_ENV: 'production' };
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', env });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
  fs.writeFileSync(WEB_MODE, 'production');
}

/** A free port: the server's banner parsing cannot report the port PORT=0 would pick. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export type TestServer = { baseUrl: string; dataDir: string; output: () => string; stop: () => Promise<void> };

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Runs a CLI command (`node bin/shaobao.mjs …`) to completion with the server's environment. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): string {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/shaobao.mjs'), ...args], { cwd: ROOT, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`shaobao ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/**
 * Starts the real server (`node bin/shaobao.mjs serve`) on a fresh embedded database and waits
 * until it answers. `prepare` runs first on the same data directory (CLI work such as training a
 * model, done before the server's first start).
 */
export async function startServer(opts: { prepare?: (env: NodeJS.ProcessEnv) => void } = {}): Promise<TestServer> {
  ensureWebBuilt();
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shaobao-e2e-'));
  fs.chmodSync(dataDir, 0o755); // as root, the embedded PostgreSQL runs as the postgres user
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', SHAOBAO_DATA_DIR: dataDir, DATABASE_URL: '', SHAOBAO_SEED: 'demo', SHAOBAO_LOG: 'silent' };
  try {
    opts.prepare?.(env);
  } catch (e) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  let out = '';
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/shaobao.mjs'), 'serve'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 10_000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
    }
    await stopCluster(dataDir); // a killed server leaves its PostgreSQL running
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`server exited with ${child.exitCode} before it was healthy:\n${out}`);
    }
    try {
      const r = await fetch(`${baseUrl}/api/health`);
      if (r.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server not healthy after 120 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { baseUrl, dataDir, output: () => out, stop };
}

/** The demo passwords a server printed on its first start (its output may trail the first healthy answer). */
export async function demoAccounts(server: TestServer): Promise<Record<string, string>> {
  for (let i = 0; i < 50 && !parseDemoAccounts(server.output()).admin; i++) await new Promise((r) => setTimeout(r, 100));
  const passwords = parseDemoAccounts(server.output());
  if (!passwords.admin) throw new Error(`the server printed no demo accounts on first start:\n${server.output()}`);
  return passwords;
}
