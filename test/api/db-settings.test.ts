import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type OpenedDb } from '../../src/server/db/open.ts';
import { createTestDb, type TestDb } from '../support/test-db.ts';
import { testClusterUrl, withDatabase } from '../support/template.ts';

// A server's requests run without parallel workers unless configured, and without JIT; commands keep PostgreSQL's settings.
let t: TestDb;
let name: string;
const opened: OpenedDb[] = [];
beforeAll(async () => {
  t = await createTestDb();
  name = (await t.query<{ d: string }>('select current_database() as d')).rows[0].d;
});
afterAll(async () => {
  for (const o of opened) await o.db.close();
  await t.drop();
});

const setting = async (which: string, config: { SHAOBAO_PARALLEL_WORKERS?: number }, role?: 'server' | 'command') => {
  const o = await openDatabase({ DATABASE_URL: withDatabase(testClusterUrl(), name), SHAOBAO_DATA_DIR: './unused', ...config }, { role, max: 1 });
  opened.push(o);
  return (await o.db.query<{ w: string }>('select current_setting($1) as w', [which])).rows[0].w;
};
const workers = (config: { SHAOBAO_PARALLEL_WORKERS?: number }, role?: 'server' | 'command') => setting('max_parallel_workers_per_gather', config, role);

it('a server opens its connections with no parallel workers per query, or as many as configured', async () => {
  const own = (await t.query<{ w: string }>("select current_setting('max_parallel_workers_per_gather') as w")).rows[0].w;
  expect(own).not.toBe('0');
  expect(await workers({}, 'server')).toBe('0');
  expect(await workers({ SHAOBAO_PARALLEL_WORKERS: 3 }, 'server')).toBe('3');
  expect(await workers({ SHAOBAO_PARALLEL_WORKERS: 3 }, 'command')).toBe(own);
});

it('a server opens its connections with JIT compilation off; a command keeps the server default', async () => {
  const own = (await t.query<{ j: string }>("select current_setting('jit') as j")).rows[0].j;
  expect(own).toBe('on');
  expect(await setting('jit', {}, 'server')).toBe('off');
  expect(await setting('jit', {}, 'command')).toBe(own);
});
