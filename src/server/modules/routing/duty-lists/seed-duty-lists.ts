import fs from 'node:fs';
import type { Queryable } from '../../../db/client.ts';
import { appendListEvent } from './duty-list-commands.ts';

/**
 * Version 1 of each list in seed/reference/duty-lists/*.json: the street duty list (six blocks of
 * domain §7), township and community lists, and the street's enforcement and approval lists. A list
 * kind already present in the database is left alone, so approved changes are never overwritten.
 */
export type SeedItem = {
  code: string;
  block: string;
  text: string;
  legalBasis?: string;
  role: 'lead' | 'coordinate' | 'assist';
  leadDepartmentCode?: string | null;
  categoryCodes: string[];
};
export type SeedList = { listKind: string; unitKind: string; name: string; validFrom: string; note?: string; items: SeedItem[] };

const DIR = new URL('../../../../../seed/reference/duty-lists/', import.meta.url);

export function loadSeedLists(): SeedList[] {
  return fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(new URL(f, DIR), 'utf8')) as SeedList);
}

/** Pure: the data rules of validateItem, for the files (a mistake there should fail the test suite, not a dispatcher). */
export function checkSeedList(list: SeedList, categoryCodes: Set<string>, unitCodes?: Set<string>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const i of list.items) {
    const at = `${list.listKind}/${list.unitKind} ${i.code}`;
    if (seen.has(i.code)) problems.push(`${at}: duplicate code`);
    seen.add(i.code);
    if (i.role === 'lead' && i.leadDepartmentCode) problems.push(`${at}: lead item names a lead department`);
    if (i.role === 'assist' && !i.leadDepartmentCode && ['street', 'township'].includes(list.unitKind)) problems.push(`${at}: assist item without lead department`);
    if (i.leadDepartmentCode && unitCodes && !unitCodes.has(i.leadDepartmentCode)) problems.push(`${at}: unknown unit ${i.leadDepartmentCode}`);
    for (const c of i.categoryCodes) if (!categoryCodes.has(c)) problems.push(`${at}: unknown category ${c}`);
    if (!i.categoryCodes.length) problems.push(`${at}: no category`);
  }
  return problems;
}

export async function seedDutyLists(tx: Queryable): Promise<{ lists: number; items: number }> {
  let lists = 0;
  let items = 0;
  for (const l of loadSeedLists()) {
    const has = (await tx.query('select 1 from duty_lists where list_kind = $1 and unit_kind = $2 and scope_unit_id is null limit 1', [l.listKind, l.unitKind])).rows.length;
    if (has) continue;
    const validFrom = new Date(l.validFrom);
    const row = (await tx.query<{ id: number }>(
      `insert into duty_lists(list_kind, unit_kind, version, name, status, valid_from, decision_note)
       values ($1, $2, 1, $3, 'active', $4, $5) returning id`,
      [l.listKind, l.unitKind, l.name, validFrom, l.note ?? null],
    )).rows[0];
    await tx.query(
      `insert into duty_items(list_id, code, block, text, legal_basis, role, lead_department_code, category_codes)
       select $1, r.code, r.block, r.text, r."legalBasis", r.role, r."leadDepartmentCode", r."categoryCodes"
         from jsonb_to_recordset($2::jsonb) as r(code text, block text, text text, "legalBasis" text, role text,
              "leadDepartmentCode" text, "categoryCodes" text[], ord int)
        order by r.ord`,
      [row.id, JSON.stringify(l.items.map((i, ord) => ({ ...i, ord })))],
    );
    await appendListEvent(tx, row.id, 'duty_list.seeded', null, validFrom, { source: 'seed/reference/duty-lists', items: l.items.length });
    lists += 1;
    items += l.items.length;
  }
  return { lists, items };
}
