import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPostgres, type Db } from '../../src/server/db/client.ts';
import { clusterUrl, ensureCluster, stopCluster } from '../../src/server/db/embedded-cluster.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { seedReference } from '../../src/server/db/seed/reference.ts';
import { seedDemoCity } from '../../src/server/db/seed/demo-city.ts';
import { seedRouting } from '../../src/server/modules/routing/seed-routing.ts';
import { seedGazetteer } from '../../src/server/modules/routing/geo/seed-gazetteer.ts';
import { seedAnswerTemplates } from '../../src/server/modules/answer-templates/seed-answer-templates.ts';

export const TEMPLATE_DB = 'sb_test_template';

/**
 * The first tier runs on the embedded engine: a throw-away embedded cluster per run (under the
 * temp dir, so that the postgres OS user can reach it when tests run as root), whose directory the
 * global setup hands to the workers in SHAOBAO_TEST_CLUSTER. The second tier runs on the server
 * named by TEST_DATABASE_URL.
 */
const CLUSTER_ENV = 'SHAOBAO_TEST_CLUSTER';

/** URL of the maintenance database of the cluster this run's tests use. */
export function testClusterUrl(): string {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  const dir = process.env[CLUSTER_ENV];
  if (!dir) throw new Error(`${CLUSTER_ENV} is not set: run the tests through vitest (its global setup starts the cluster).`);
  return clusterUrl(dir, 'postgres');
}

/** Starts the tier's cluster (embedded: fresh, durability off as on the test server) and builds the demo-city template once per run. */
export async function buildTemplate(): Promise<void> {
  if (!process.env.TEST_DATABASE_URL) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shaobao-test-'));
    fs.chmodSync(dir, 0o755);
    process.env[CLUSTER_ENV] = dir;
    await ensureCluster(dir, { durable: false });
  }
  const url = testClusterUrl();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await admin.query(`create database ${TEMPLATE_DB}`);
  await admin.end();
  const db = await openPostgres(withDatabase(url, TEMPLATE_DB), 2);
  await seedAll(db);
  await db.close();
}

export async function stopTestCluster(): Promise<void> {
  const dir = process.env[CLUSTER_ENV];
  if (process.env.TEST_DATABASE_URL || !dir) return;
  await stopCluster(dir);
  fs.rmSync(dir, { recursive: true, force: true });
}

async function seedAll(db: Db) {
  await migrate(db);
  await seedReference(db);
  await seedDemoCity(db, { passwordFor: knownTestPassword });
  await seedGazetteer(db);
  await seedRouting(db);
  await seedAnswerTemplates(db, new Date('2026-01-01T00:00:00Z'));
}

/** Test databases only: tests sign in as demo-<username>-2026 (test-app.ts). Installations get random ones. */
export const knownTestPassword = (username: string) => `demo-${username}-2026`;

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
