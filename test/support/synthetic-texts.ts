// The demo texts double as the tests' labelled data.
export { syntheticCsv, syntheticTexts } from '../../src/server/db/seed/demo-texts.ts';
