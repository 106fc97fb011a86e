import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { syntheticCsv } from '../../support/synthetic-texts.ts';
import { runCli } from './server.ts';

/**
 * Trains the category model the intake proposals need, from the synthetic texts, on the data
 * directory the server will use (the CLI creates, migrates and seeds it).
 */
export function trainClassifier(env: NodeJS.ProcessEnv): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shaobao-e2e-csv-'));
  const csv = path.join(dir, 'synthetic.csv');
  try {
    fs.writeFileSync(csv, syntheticCsv(4));
    runCli(['classifier', 'train', '--csv', csv], env);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
