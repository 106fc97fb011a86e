import crypto from 'node:crypto';
import pg from 'pg';
import { openPostgres, type Db } from '../../src/server/db/client.ts';
import { TEMPLATE_DB, testClusterUrl, withDatabase } from './template.ts';

export type TestDb = Db & { drop(): Promise<void> };

/** A fresh database with the demo city for one test file, cloned from the run's template (CREATE DATABASE … TEMPLATE). */
export function createTestDb(): Promise<TestDb> {
  return cloneDatabase(TEMPLATE_DB);
}

/** A fresh database with nothing in it, for tests of migrations and seeds themselves. */
export function createEmptyTestDb(): Promise<TestDb> {
  return cloneDatabase('template0');
}

async function cloneDatabase(template: string): Promise<TestDb> {
  const url = testClusterUrl();
  const name = `sb_test_${crypto.randomBytes(6).toString('hex')}`;
  await adminQuery(url, `create database ${name} template ${template}`);
  const db = await openPostgres(withDatabase(url, name), 10, process.env.TEST_DATABASE_URL ? 'postgres' : 'embedded');
  return Object.assign(db, {
    drop: async () => {
      await db.close();
      await adminQuery(url, `drop database if exists ${name} with (force)`);
    },
  });
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

export const onServer = () => !!process.env.TEST_DATABASE_URL;
