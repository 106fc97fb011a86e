import { buildTemplate, stopTestCluster } from './template.ts';

export async function setup(): Promise<void> {
  await buildTemplate();
}

export async function teardown(): Promise<void> {
  await stopTestCluster();
}
