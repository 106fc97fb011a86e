import type { Config } from './config.ts';
import { openDatabase, type OpenedDb } from './db/open.ts';
import { migrate } from './db/migrate.ts';
import { seedReference } from './db/seed/reference.ts';
import { seedDemoCity } from './db/seed/demo-city.ts';
import { seedRouting } from './modules/routing/seed-routing.ts';
import { seedGazetteer } from './modules/routing/geo/seed-gazetteer.ts';
import { seedDemoClassifier } from './db/seed/demo-classifier.ts';
import type { Db } from './db/client.ts';
import { openAttachmentStore } from './modules/work-orders/attachment-config.ts';
import { seedAnswerTemplates } from './modules/answer-templates/seed-answer-templates.ts';

export type Booted = OpenedDb & { applied: string[]; firstStart: boolean; accounts: { username: string; password: string; roles: string[] }[]; notes: string[] };

/** Open → migrate → reference data → (demo city, and on the server's first start its demo history). Every command goes through here, so any of them works on a fresh data directory. */
export async function boot(config: Config, opts: { seed?: boolean; history?: boolean; role?: 'server' | 'command' } = {}): Promise<Booted> {
  const opened = await openDatabase(config, { role: opts.role });
  try {
    const applied = await migrate(opened.db);
    await openAttachmentStore(opened.db, config);
    await seedReference(opened.db);
    let accounts: Booted['accounts'] = [];
    const firstStart = !(await hasUnits(opened.db));
    if ((opts.seed ?? true) && config.SHAOBAO_SEED === 'demo') {
      accounts = (await seedDemoCity(opened.db)).accounts;
      await seedGazetteer(opened.db);
      await seedAnswerTemplates(opened.db, new Date());
    }
    // Taxonomy and duty lists are for every installation; catalogue rules naming absent units are skipped.
    await seedRouting(opened.db);
    const notes: string[] = [];
    if ((opts.seed ?? true) && config.SHAOBAO_SEED === 'demo') {
      const note = await seedDemoClassifier(opened.db, new Date());
      if (note) notes.push(note);
      // loaded only when needed, so the other commands start as fast as before
      const history = firstStart && opts.history ? await (await import('./modules/history/demo-history.ts')).seedDemoHistory(opened.db, new Date()) : null;
      if (history) notes.push(history);
    }
    return { ...opened, applied, firstStart, accounts, notes };
  } catch (e) {
    await opened.release();
    throw e;
  }
}

async function hasUnits(db: Db): Promise<boolean> {
  return (await db.query('select 1 from units limit 1')).rows.length > 0;
}
