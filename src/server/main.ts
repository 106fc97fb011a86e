import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { Config } from './config.ts';
import { boot } from './boot.ts';
import { buildApp } from './app.ts';
import { consoleLogger, silentLogger } from './lib/ctx.ts';
import { startSweeper } from './modules/deadlines/deadline-sweep.ts';
import { formatDemoAccounts } from './db/seed/demo-banner.ts';
import { startNotificationWorker } from './modules/notifications/notification-worker.ts';
import { senderFor } from './modules/notifications/outbound-sender.ts';
import { endLiveStreams } from './modules/live/live-bus.ts';
import { startEvaluationConsumer } from './modules/evaluation/evaluation-consumer.ts';
import { startAnalysisConsumer } from './modules/analysis/analysis-consumer.ts';
import { startRepeatConsumer } from './modules/analysis/repeat-consumer.ts';
import { startReferenceListener } from './lib/reference-cache.ts';

const IDLE_GRACE_MS = 1000;
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
  const b = await boot(config, { role: 'server', history: true });
  const now = () => new Date();
  const outbound = senderFor(config.SHAOBAO_OUTBOUND_SENDER, log);
  const app = buildApp({
    db: b.db, now, log, sessionHours: config.SHAOBAO_SESSION_HOURS, webDir: WEB_DIR,
    idleMinutes: config.SHAOBAO_IDLE_MINUTES, trustProxy: config.SHAOBAO_TRUST_PROXY === 'true',
    outbound,
    publicData: config.SHAOBAO_PUBLIC_DATA === 'on',
  });
  const stopSweeper = startSweeper({ db: b.db, actor: null, now, log }, config.SHAOBAO_SWEEP_MS);
  const stopNotices = startNotificationWorker({ db: b.db, actor: null, now, log }, outbound);
  const stopEvaluation = startEvaluationConsumer({ db: b.db, actor: null, now, log }, 2000);
  const stopAnalysis = startAnalysisConsumer({ db: b.db, actor: null, now, log }, 2000);
  const stopRepeats = startRepeatConsumer({ db: b.db, actor: null, now, log }, 2000);
  const stopReferenceListener = await startReferenceListener(b.db, log);
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
  if (b.accounts.length) console.log(`\nDemo city 东城区 seeded. ${formatDemoAccounts(b.accounts)}`);
  const stop = drainOnSignal(server, async () => {
    await stopSweeper();
    await stopNotices();
    await stopEvaluation();
    await stopAnalysis();
    await stopRepeats();
    await stopReferenceListener();
    await b.release();
  }, config.SHAOBAO_DRAIN_MS, () => endLiveStreams(b.db));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * Graceful stop: refuse new connections, let requests in flight finish (answering them with
 * `Connection: close`, also those that arrive on an already open connection within a short grace),
 * force the rest closed after `boundMs`, then run `after` (sweeper, database) and exit.
 */
export function drainOnSignal(server: ReturnType<typeof serve>, after: () => Promise<void>, boundMs: number, onDrain: () => void = () => undefined): () => void {
  let draining = false;
  const http = server as import('node:http').Server;
  http.prependListener('request', (_req, res) => {
    if (draining) res.setHeader('connection', 'close');
  });
  return () => {
    if (draining) return;
    draining = true;
    // Long-lived streams would hold the drain to its bound: they are told to go now.
    onDrain();
    // net.Server's close, not http.Server's: the latter drops idle keep-alive connections at once,
    // and with them a request a client has just written on one.
    const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(http, () => resolve()));
    setTimeout(() => http.closeIdleConnections(), Math.min(IDLE_GRACE_MS, boundMs)).unref();
    const bound = new Promise<void>((resolve) => setTimeout(resolve, boundMs).unref());
    void Promise.race([closed, bound])
      .then(() => http.closeAllConnections())
      .then(after)
      .then(
        () => process.exit(0),
        (e: unknown) => {
          console.error('shutdown failed', e);
          process.exit(1);
        },
      );
  };
}
