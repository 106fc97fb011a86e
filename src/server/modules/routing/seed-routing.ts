import type { Db } from '../../db/client.ts';
import { seedCatalogue } from './catalogue/seed-catalogue.ts';
import { forgetRouting } from './catalogue/routing-snapshot.ts';
import { seedDutyLists } from './duty-lists/seed-duty-lists.ts';
import { seedTaxonomy } from './taxonomy/seed-taxonomy.ts';

export type RoutingSeedResult = {
  taxonomy: { versionId: number; categories: number } | null;
  dutyLists: { lists: number; items: number };
  rules: { rules: number; skipped: string[] } | null;
};

/**
 * Routing reference data every installation starts from: the category tree, the duty lists and
 * the dispatch catalogue (seed/reference/, sources in SOURCES.md). Idempotent: each part is written
 * only where the database has none, so edits made through the API are never overwritten. Run after
 * the demo city (the catalogue names its units; rules naming absent units are skipped).
 */
export async function seedRouting(db: Db): Promise<RoutingSeedResult> {
  const out = await db.transaction(async (tx) => {
    // two processes starting at once would both find the tables empty
    await tx.query('select pg_advisory_xact_lock(727002)');
    const taxonomy = await seedTaxonomy(tx);
    const dutyLists = await seedDutyLists(tx);
    const rules = await seedCatalogue(tx);
    return { taxonomy, dutyLists, rules };
  });
  await forgetRouting(db);
  return out;
}
