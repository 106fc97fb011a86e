import type { TestProject } from 'vitest/node';
import { trainClassifier } from './classifier.ts';
import { startServer } from './server.ts';
import { parseDemoAccounts } from '../../../src/server/db/seed/demo-banner.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The demo passwords this installation printed on its first start. */
    demoPasswords: Record<string, string>;
  }
}

/**
 * One real server for the whole run: booting it (fresh embedded PostgreSQL plus the demo city)
 * costs 10–20 s, more than most journeys. Journeys create their own orders and find them by
 * code, so they do not depend on what the others left behind.
 */
export default async function setup(project: TestProject) {
  // The intake proposals need a trained category model; training must finish before serve opens the database.
  const server = await startServer({ prepare: trainClassifier });
  project.provide('baseUrl', server.baseUrl);
  // stdout may trail the first healthy answer by a moment
  for (let i = 0; i < 50 && !parseDemoAccounts(server.output()).admin; i++) await new Promise((r) => setTimeout(r, 100));
  const passwords = parseDemoAccounts(server.output());
  if (!passwords.admin) throw new Error(`the server printed no demo accounts on first start:\n${server.output()}`);
  project.provide('demoPasswords', passwords);
  return async () => {
    await server.stop();
  };
}
