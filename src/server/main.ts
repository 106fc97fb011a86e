import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { Config } from './config.ts';
import { boot } from './boot.ts';
import { buildApp } from './app.ts';
import { consoleLogger, silentLogger } from './lib/ctx.ts';
import { startSweeper } from './modules/deadlines/deadline-sweep.ts';
import { startEvaluationConsumer } from './modules/evaluation/evaluation-consumer.ts';
import { ROLE_LABELS } from '../shared/labels.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_DIR = path.join(ROOT, 'dist', 'web');

/** Builds the web apps on first start so `npm start` on a fresh clone serves the console too. */
export async function ensureWebBuilt(log: (s: string) => void): Promise<void> {
  if (fs.existsSync(path.join(WEB_DIR, 'console.html'))) return;
  log('Building the web apps (first start only)…');
  try {
    const { build } = await import('vite');
    await build({ root: ROOT, configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  } catch (e) {
    // The API is still worth serving; the pages answer 503 saying how to build them.
    log(`Could not build the web apps (${(e as Error).message}); serving the API only. Run: npm run build:web`);
  }
}

export async function serveCommand(config: Config): Promise<void> {
  const log = config.SHAOBAO_LOG === 'silent' ? silentLogger : consoleLogger;
  await ensureWebBuilt((s) => console.log(s));
  const b = await boot(config);
  const now = () => new Date();
  const app = buildApp({ db: b.db, now, log, sessionHours: config.SHAOBAO_SESSION_HOURS, webDir: WEB_DIR });
  const stopSweeper = startSweeper({ db: b.db, actor: null, now, log }, config.SHAOBAO_SWEEP_MS);
  const stopEvaluation = startEvaluationConsumer({ db: b.db, actor: null, now, log }, 2000);
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
  console.log(`Shaobao 哨报 is running on ${b.where}`);
  console.log(`  portal          http://localhost:${port}/`);
  console.log(`  console         http://localhost:${port}/console`);
  console.log(`  command centre  http://localhost:${port}/command-centre`);
  console.log(`  grid app        http://localhost:${port}/grid`);
  console.log(`  API docs        http://localhost:${port}/api/docs`);
  for (const note of b.notes) console.log(note);
  if (b.accounts.length) {
    console.log('\nDemo city 东城区 seeded. Demo accounts (shown on first start only):');
    for (const a of b.accounts) {
      const roles = a.roles.map((r) => ROLE_LABELS[r]?.zh ?? r).join('、');
      console.log(`  ${a.username.padEnd(12)} ${a.password.padEnd(24)} ${roles}`);
    }
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await stopSweeper();
    await stopEvaluation();
    server.close();
    await b.release();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
