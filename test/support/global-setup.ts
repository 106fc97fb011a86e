import { buildTemplate } from './template.ts';

export async function setup(): Promise<void> {
  await buildTemplate(process.env.TEST_DATABASE_URL || undefined);
}
