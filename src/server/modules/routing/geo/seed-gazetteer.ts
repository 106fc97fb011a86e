import fs from 'node:fs';
import type { Db } from '../../../db/client.ts';
import { fillUnitBoxes } from './locate-point.ts';
import { invalidateGazetteerIndex } from './gazetteer.ts';

/**
 * Loads seed/demo-city/gazetteer.json (made by scripts/generate-gazetteer.ts; real names placed
 * approximately, generated buildings, see SOURCES-gazetteer.md) and fills the unit bounding boxes.
 */

export type GazetteerSeedEntry = {
  name: string;
  kind: 'road' | 'building' | 'place' | 'community' | 'poi';
  aliases?: string[];
  unit_code: string;
  lon: number;
  lat: number;
  origin?: 'real' | 'generated';
};

export function loadDemoGazetteer(): GazetteerSeedEntry[] {
  const file = new URL('../../../../../seed/demo-city/gazetteer.json', import.meta.url);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as GazetteerSeedEntry[];
}

/**
 * Idempotent: an entry is inserted only when no row with the same name is placed in the same unit,
 * so reruns add nothing and entries added or corrected by hand are left alone. Entries whose unit is
 * not in the database (the demo city not seeded) are skipped. The table lock keeps two processes
 * starting at once from inserting the same entries twice.
 */
export async function seedGazetteer(db: Db, entries: GazetteerSeedEntry[] = loadDemoGazetteer()): Promise<{ inserted: number; skipped: number }> {
  await fillUnitBoxes(db);
  const inserted = await db.transaction(async (tx) => {
    await tx.query('lock table gazetteer in share row exclusive mode');
    const r = await tx.query<{ id: number }>(
      `insert into gazetteer (name, kind, aliases, unit_id, lon, lat)
       select r.name, r.kind, coalesce(r.aliases, '{}'), u.id, r.lon, r.lat
         from jsonb_to_recordset($1::jsonb) as r(name text, kind text, aliases text[], unit_code text,
              lon double precision, lat double precision, ord int)
         join units u on u.code = r.unit_code
        where not exists (select 1 from gazetteer g where g.name = r.name and g.unit_id = u.id)
        order by r.ord
       returning id`,
      [JSON.stringify(entries.map((e, i) => ({ ...e, ord: i + 1 })))],
    );
    return r.rows.length;
  });
  await invalidateGazetteerIndex(db);
  return { inserted, skipped: entries.length - inserted };
}
