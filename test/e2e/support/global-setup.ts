import type { TestProject } from 'vitest/node';
import { trainClassifier } from './classifier.ts';
import { demoAccounts, startServer } from './server.ts';

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
  project.provide('demoPasswords', await demoAccounts(server));
  return async () => {
    await server.stop();
  };
}
