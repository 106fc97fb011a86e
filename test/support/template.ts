import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres, pgliteOf } from '../../src/server/db/client.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { seedReference } from '../../src/server/db/seed/reference.ts';
import { seedDemoCity } from '../../src/server/db/seed/demo-city.ts';
import { seedRouting } from '../../src/server/modules/routing/seed-routing.ts';
import { seedGazetteer } from '../../src/server/modules/routing/geo/seed-gazetteer.ts';

export const TEMPLATE_DB = 'sb_test_template';
export const TEMPLATE_DUMP = path.resolve('.tmp/test-template.tar.gz');

/**
 * Builds one migrated database with the demo city, once per test run: a PGlite data-dir dump that
 * each test file loads, or a server database that each test file clones (CREATE DATABASE … TEMPLATE).
 */
export async function buildTemplate(serverUrl: string | undefined): Promise<void> {
  if (serverUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${TEMPLATE_DB}`);
    await admin.query(`create database ${TEMPLATE_DB}`);
    await admin.end();
    const db = await openPostgres(withDatabase(serverUrl, TEMPLATE_DB), 2);
    await seedAll(db);
    await db.close();
    return;
  }
  const db = await openPglite(null);
  await seedAll(db);
  const blob = await pgliteOf(db)!.dumpDataDir('gzip');
  fs.mkdirSync(path.dirname(TEMPLATE_DUMP), { recursive: true });
  fs.writeFileSync(TEMPLATE_DUMP, Buffer.from(await blob.arrayBuffer()));
  await db.close();
}

async function seedAll(db: Awaited<ReturnType<typeof openPglite>>) {
  await migrate(db);
  await seedReference(db);
  await seedDemoCity(db, { passwordFor: knownTestPassword });
  await seedGazetteer(db);
  await seedRouting(db);
}

/** Test databases only: tests sign in as demo-<username>-2026 (test-app.ts). Installations get random ones. */
export const knownTestPassword = (username: string) => `demo-${username}-2026`;

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
