/**
 * Where a report-in sweep spends its time: fills the whistle bench's data on a durable PostgreSQL
 * server, loads auto_explain (ANALYZE, BUFFERS, WAL, nested statements) into the sweep's
 * connections, sweeps once and prints each statement's plan with its time and WAL, as the server
 * logged it. The timings include auto_explain's own overhead; bench/whistles.ts gives the figures.
 *   npx tsx bench/whistles-explain.ts [--whistles 10000]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startPostgres } from './support.ts';
import { fillWhistles, T0 } from './whistles-fill.ts';
import { openPostgres } from '../src/server/db/client.ts';
import { silentLogger } from '../src/server/lib/ctx.ts';
import { sweepAll } from '../src/server/modules/deadlines/deadline-sweep.ts';

const { values } = parseArgs({ options: { whistles: { type: 'string', default: '10000' } } });
const pg = await startPostgres({ durable: true });
if (!pg) {
  console.log('PostgreSQL server binaries not found.');
  process.exit(0);
}
try {
  const setup = await openPostgres(pg.url, 1);
  await fillWhistles(setup, Number(values.whistles));
  await setup.query(`load 'auto_explain'`); // so ALTER SYSTEM knows its settings
  for (const s of [
    `session_preload_libraries = 'auto_explain'`, 'auto_explain.log_min_duration = 0', 'auto_explain.log_analyze = on',
    'auto_explain.log_buffers = on', 'auto_explain.log_wal = on', 'auto_explain.log_nested_statements = on',
  ]) await setup.query(`alter system set ${s}`);
  await setup.query('select pg_reload_conf()');
  await setup.close();
  const log = path.join(pg.dir, 'server.log');
  const from = fs.statSync(log).size;
  const db = await openPostgres(pg.url, 4);
  const t = performance.now();
  const r = await sweepAll({ db, actor: null, now: () => new Date(T0.getTime() + 31 * 60_000), log: silentLogger });
  console.log(`sweep with auto_explain: ${Math.round(performance.now() - t)} ms, ${r.fired} fired in ${r.batches} batches`);
  await db.close();
  console.log(fs.readFileSync(log, 'utf8').slice(from));
} finally {
  pg.stop();
}
