// The demo texts double as the tests' labelled data.
import { syntheticTexts } from '../../src/server/db/seed/demo-texts.ts';

export { syntheticCsv, syntheticTexts } from '../../src/server/db/seed/demo-texts.ts';

/**
 * Training and evaluation texts that share no text: of each template's three place variants, the
 * third is held out. A model scored on texts it was trained on proves nothing.
 */
export function heldOutSplit() {
  const all = syntheticTexts(3);
  const train = all.filter((_, i) => i % 3 !== 2);
  const test = all.filter((_, i) => i % 3 === 2);
  return { train, test };
}
