import fs from 'node:fs';
import crypto from 'node:crypto';
import pg from 'pg';
import { openPgliteFrom, openPostgres, type Db } from '../../src/server/db/client.ts';
import { TEMPLATE_DB, TEMPLATE_DUMP, withDatabase } from './template.ts';

/** A fresh database with the demo city for one test file: on PGlite by default, on the server when TEST_DATABASE_URL is set. */
export async function createTestDb(): Promise<Db & { drop(): Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const db = await openPgliteFrom(new Blob([fs.readFileSync(TEMPLATE_DUMP)]));
    return Object.assign(db, { drop: () => db.close() });
  }
  const name = `sb_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name} template ${TEMPLATE_DB}`);
  await admin.end();
  const db = await openPostgres(withDatabase(url, name), 10);
  return Object.assign(db, {
    drop: async () => {
      await db.close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`drop database if exists ${name}`);
      await a.end();
    },
  });
}

export const onServer = () => !!process.env.TEST_DATABASE_URL;
