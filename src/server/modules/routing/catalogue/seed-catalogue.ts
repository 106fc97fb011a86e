import type { Queryable } from '../../../db/client.ts';
import { readReference } from '../taxonomy/seed-taxonomy.ts';

/**
 * The demo city's dispatch catalogue (seed/reference/dispatch-rules.json). The file names units by
 * code so it reads without a database; a rule naming a unit this database lacks (another city, a
 * unit removed) is skipped and counted rather than failing the whole seed.
 */
export type SeedRule = {
  name: string;
  priority?: number;
  categoryCode?: string | null;
  requestType?: string | null;
  urgency?: string | null;
  placeUnitCode?: string | null;
  target: 'territorial' | 'unit' | 'district';
  leadUnitCode?: string | null;
  coHandlerUnitCodes?: string[];
  dutyItemCode?: string | null;
  streetCoHandles?: boolean;
  validFrom: string;
  validTo?: string | null;
  note?: string | null;
};

export function loadSeedRules(): SeedRule[] {
  return (JSON.parse(readReference('dispatch-rules.json')) as { rules: SeedRule[] }).rules;
}

export async function seedCatalogue(tx: Queryable): Promise<{ rules: number; skipped: string[] } | null> {
  const has = (await tx.query('select 1 from dispatch_rules limit 1')).rows.length;
  if (has) return null;
  const rules = loadSeedRules();
  const codes = [...new Set(rules.flatMap((r) => [r.leadUnitCode, r.placeUnitCode, ...(r.coHandlerUnitCodes ?? [])]).filter((c): c is string => !!c))];
  const ids = new Map((await tx.query<{ id: number; code: string }>('select id, code from units where code = any($1::text[])', [codes])).rows.map((u) => [u.code, u.id]));
  const skipped: string[] = [];
  const rows = [];
  for (const r of rules) {
    const missing = [r.leadUnitCode, r.placeUnitCode, ...(r.coHandlerUnitCodes ?? [])].filter((c) => c && !ids.has(c));
    if (missing.length) {
      skipped.push(`${r.name} (${missing.join(', ')})`);
      continue;
    }
    rows.push({
      name: r.name, priority: r.priority ?? 100, category_code: r.categoryCode ?? null, request_type: r.requestType ?? null, urgency: r.urgency ?? null,
      place_unit_id: r.placeUnitCode ? ids.get(r.placeUnitCode) : null, target: r.target, lead_unit_id: r.leadUnitCode ? ids.get(r.leadUnitCode) : null,
      co_handler_unit_ids: (r.coHandlerUnitCodes ?? []).map((c) => ids.get(c)), duty_item_code: r.dutyItemCode ?? null,
      street_co_handles: r.streetCoHandles ?? false, valid_from: r.validFrom, valid_to: r.validTo ?? null, note: r.note ?? null,
    });
  }
  await tx.query(
    `insert into dispatch_rules(name, priority, category_code, request_type, urgency, place_unit_id, target, lead_unit_id, co_handler_unit_ids,
                                duty_item_code, street_co_handles, valid_from, valid_to, note)
     select r.name, r.priority, r.category_code, r.request_type, r.urgency, r.place_unit_id, r.target, r.lead_unit_id, r.co_handler_unit_ids,
            r.duty_item_code, r.street_co_handles, r.valid_from, r.valid_to, r.note
       from jsonb_to_recordset($1::jsonb) as r(name text, priority int, category_code text, request_type text, urgency text, place_unit_id int,
            target text, lead_unit_id int, co_handler_unit_ids int[], duty_item_code text, street_co_handles boolean,
            valid_from timestamptz, valid_to timestamptz, note text)`,
    [JSON.stringify(rows)],
  );
  return { rules: rows.length, skipped };
}
