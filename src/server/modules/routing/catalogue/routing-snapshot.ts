import type { Queryable } from '../../../db/client.ts';
import { selfAndAncestors } from '../taxonomy/category-codes.ts';
import { invalidateReference, referenceValue } from '../../../lib/reference-cache.ts';

/*
 * Routing reads the taxonomy, the duty lists, the dispatch rules and the handling units on every
 * proposal, and dispatchers want an answer while the caller is still on the line. Those are a few
 * thousand rows that change a few times a year, so they are held in the reference cache
 * (lib/reference-cache.ts) and every proposal is pure computation over them. Edits drop the
 * snapshot in every server process at once. Past versions stay in the snapshot, so "what applied
 * at t" needs no query either.
 */
const KEY = 'routing';

export type UnitRef = { id: number; code: string; name: string; kind: string };
/** `path` is the materialised path of ids ('/1/4/17/'): the owners whose list variants apply to the unit. */
export type UnitSnap = UnitRef & { districtId: number | null; active: boolean; path: string };
export type DutyRole = 'lead' | 'coordinate' | 'assist';
export type ListKind = 'duty' | 'enforcement' | 'approval';

export type CategorySnap = {
  code: string;
  level: number;
  name: string;
  nameEn: string | null;
  parentCode: string | null;
  defaultUrgency: string | null;
  defaultRequestType: string | null;
  keywords: string[];
  active: boolean;
};
export type TaxonomyVersionSnap = { id: number; version: number; name: string; status: string; validFrom: Date; categories: Map<string, CategorySnap> };

export type DutyItemSnap = {
  id: number;
  listId: number;
  code: string;
  block: string;
  text: string;
  legalBasis: string | null;
  role: DutyRole;
  leadDepartmentCode: string | null;
  categoryCodes: string[];
};
export type DutyListSnap = {
  id: number;
  listKind: ListKind;
  unitKind: string;
  /** null: the city's base list; else the district, street or township whose variant it is */
  scopeUnitId: number | null;
  version: number;
  name: string;
  status: string;
  validFrom: Date;
  validTo: Date | null;
  items: DutyItemSnap[];
  byCategory: Map<string, DutyItemSnap[]>;
};

export type RuleSnap = {
  id: number;
  name: string;
  priority: number;
  categoryCode: string | null;
  requestType: string | null;
  urgency: string | null;
  placeUnitId: number | null;
  target: 'territorial' | 'unit' | 'district';
  leadUnitId: number | null;
  coHandlerUnitIds: number[];
  dutyItemCode: string | null;
  streetCoHandles: boolean;
  validFrom: Date;
  validTo: Date | null;
};

export type RoutingSnapshot = {
  taxonomy: TaxonomyVersionSnap[];
  lists: DutyListSnap[];
  rulesByCategory: Map<string, RuleSnap[]>;
  units: Map<number, UnitSnap>;
  unitsByCode: Map<string, UnitSnap>;
  districts: UnitSnap[];
};

export function loadRoutingSnapshot(q: Queryable): Promise<RoutingSnapshot> {
  return referenceValue(q, KEY, () => buildSnapshot(q));
}

/** Call after every committed edit of taxonomy, duty lists or rules. */
export function forgetRouting(q: Queryable): Promise<void> {
  return invalidateReference(q, KEY);
}

async function buildSnapshot(q: Queryable): Promise<RoutingSnapshot> {
  // one statement at a time: a transaction's client cannot run queries in parallel
  const versions = (await q.query<{ id: number; version: number; name: string; status: string; valid_from: Date | null }>(
    `select id, version, name, status, valid_from from taxonomy_versions where status <> 'draft' order by valid_from desc nulls last, version desc`,
  )).rows;
  const cats = (await q.query<{ taxonomy_version_id: number; code: string; level: number; name: string; name_en: string | null; parent_code: string | null; default_urgency: string | null; default_request_type: string | null; keywords: string[]; active: boolean }>(
    `select c.taxonomy_version_id, c.code, c.level, c.name, c.name_en, c.parent_code, c.default_urgency, c.default_request_type, c.keywords, c.active
       from categories c join taxonomy_versions v on v.id = c.taxonomy_version_id where v.status <> 'draft'`,
  )).rows;
  const lists = (await q.query<{ id: number; list_kind: ListKind; unit_kind: string; scope_unit_id: number | null; version: number; name: string; status: string; valid_from: Date | null; valid_to: Date | null }>(
    `select id, list_kind, unit_kind, scope_unit_id, version, name, status, valid_from, valid_to from duty_lists where status in ('active', 'retired')`,
  )).rows;
  const items = (await q.query<{ id: number; list_id: number; code: string; block: string; text: string; legal_basis: string | null; role: DutyRole; lead_department_code: string | null; category_codes: string[] }>(
    `select i.id, i.list_id, i.code, i.block, i.text, i.legal_basis, i.role, i.lead_department_code, i.category_codes
       from duty_items i join duty_lists l on l.id = i.list_id where l.status in ('active', 'retired') order by i.list_id, i.code`,
  )).rows;
  const rules = (await q.query<{ id: number; name: string; priority: number; category_code: string | null; request_type: string | null; urgency: string | null; place_unit_id: number | null; target: RuleSnap['target']; lead_unit_id: number | null; co_handler_unit_ids: number[]; duty_item_code: string | null; street_co_handles: boolean; valid_from: Date; valid_to: Date | null }>(
    'select * from dispatch_rules',
  )).rows;
  const units = (await q.query<UnitDbRow>(
    `select id, code, name, kind, district_id, active, path from units where kind <> 'grid'`,
  )).rows;

  const taxonomy: TaxonomyVersionSnap[] = versions.map((v) => ({
    id: v.id, version: v.version, name: v.name, status: v.status, validFrom: v.valid_from ?? new Date(0), categories: new Map(),
  }));
  const byVersion = new Map(taxonomy.map((v) => [v.id, v]));
  for (const c of cats) {
    byVersion.get(c.taxonomy_version_id)?.categories.set(c.code, {
      code: c.code, level: c.level, name: c.name, nameEn: c.name_en, parentCode: c.parent_code,
      defaultUrgency: c.default_urgency, defaultRequestType: c.default_request_type, keywords: c.keywords, active: c.active,
    });
  }

  const listSnaps: DutyListSnap[] = lists.map((l) => ({
    id: l.id, listKind: l.list_kind, unitKind: l.unit_kind, scopeUnitId: l.scope_unit_id, version: l.version, name: l.name, status: l.status,
    validFrom: l.valid_from ?? new Date(0), validTo: l.valid_to, items: [], byCategory: new Map(),
  }));
  const listById = new Map(listSnaps.map((l) => [l.id, l]));
  for (const i of items) {
    const list = listById.get(i.list_id);
    if (!list) continue;
    const item: DutyItemSnap = {
      id: i.id, listId: i.list_id, code: i.code, block: i.block, text: i.text, legalBasis: i.legal_basis,
      role: i.role, leadDepartmentCode: i.lead_department_code, categoryCodes: i.category_codes,
    };
    list.items.push(item);
    for (const c of item.categoryCodes) {
      const at = list.byCategory.get(c);
      if (at) at.push(item);
      else list.byCategory.set(c, [item]);
    }
  }

  const rulesByCategory = new Map<string, RuleSnap[]>();
  for (const r of rules) {
    const rule: RuleSnap = {
      id: r.id, name: r.name, priority: r.priority, categoryCode: r.category_code, requestType: r.request_type, urgency: r.urgency,
      placeUnitId: r.place_unit_id, target: r.target, leadUnitId: r.lead_unit_id, coHandlerUnitIds: r.co_handler_unit_ids,
      dutyItemCode: r.duty_item_code, streetCoHandles: r.street_co_handles, validFrom: r.valid_from, validTo: r.valid_to,
    };
    const key = rule.categoryCode ?? '';
    const at = rulesByCategory.get(key);
    if (at) at.push(rule);
    else rulesByCategory.set(key, [rule]);
  }

  const unitSnaps = units.map(unitSnap);
  return {
    taxonomy,
    lists: listSnaps,
    rulesByCategory,
    units: new Map(unitSnaps.map((u) => [u.id, u])),
    unitsByCode: new Map(unitSnaps.map((u) => [u.code, u])),
    districts: unitSnaps.filter((u) => u.kind === 'district' && u.active),
  };
}

const inForce = (from: Date, to: Date | null, t: number) => from.getTime() <= t && (!to || to.getTime() > t);

/** The taxonomy version in force at `at`: the newest published before it (or the oldest, for earlier times). */
export function taxonomyAt(s: RoutingSnapshot, at: Date): TaxonomyVersionSnap | null {
  return s.taxonomy.find((v) => v.validFrom.getTime() <= at.getTime()) ?? s.taxonomy.at(-1) ?? null;
}

/**
 * The list of a kind in force at `at` (the active one when no time is given) for a place: the
 * variant of the nearest owner above it (the street itself, then its district), else the city's
 * base list. Without a place, the base list.
 */
export function listAt(s: RoutingSnapshot, listKind: ListKind, unitKind: string, at?: Date, place?: Pick<UnitSnap, 'path'> | null): DutyListSnap | null {
  const owners: (number | null)[] = [...(place?.path.split('/').filter(Boolean).map(Number).reverse() ?? []), null];
  const candidates = s.lists.filter((l) => l.listKind === listKind && l.unitKind === unitKind && (at ? inForce(l.validFrom, l.validTo, at.getTime()) : l.status === 'active'));
  for (const owner of owners) {
    const hit = candidates.find((l) => l.scopeUnitId === owner);
    if (hit) return hit;
  }
  return null;
}

export function isRuleInForce(r: RuleSnap, at: Date): boolean {
  return inForce(r.validFrom, r.validTo, at.getTime());
}

const ROLE_RANK: Record<DutyRole, number> = { lead: 0, coordinate: 1, assist: 2 };

/**
 * The item of a list that covers a category most specifically; among items naming the same code,
 * the one giving the unit the strongest role. A specific 'assist' item beats a general 'lead' one:
 * the narrower entry is the one the list's authors wrote for this matter.
 */
export function bestItem(list: DutyListSnap | null, categoryCode: string): DutyItemSnap | null {
  if (!list) return null;
  for (const c of selfAndAncestors(categoryCode)) {
    const found = list.byCategory.get(c);
    if (found?.length) return [...found].sort((a, b) => ROLE_RANK[a.role] - ROLE_RANK[b.role] || a.code.localeCompare(b.code))[0];
  }
  return null;
}

/** Every item of a list with the given role that covers the category, most specific first. */
export function itemsWithRole(list: DutyListSnap | null, categoryCode: string, role: DutyRole): DutyItemSnap[] {
  if (!list) return [];
  return selfAndAncestors(categoryCode).flatMap((c) => (list.byCategory.get(c) ?? []).filter((i) => i.role === role));
}

/** A unit from the snapshot, or from the database for kinds the snapshot leaves out (grids) and units added since. */
export async function unitById(q: Queryable, s: RoutingSnapshot, id: number): Promise<UnitSnap | null> {
  const hit = s.units.get(id);
  if (hit) return hit;
  const r = (await q.query<UnitDbRow>('select id, code, name, kind, district_id, active, path from units where id = $1', [id])).rows[0];
  return r ? unitSnap(r) : null;
}

type UnitDbRow = { id: number; code: string; name: string; kind: string; district_id: number | null; active: boolean; path: string };
const unitSnap = (u: UnitDbRow): UnitSnap => ({ id: u.id, code: u.code, name: u.name, kind: u.kind, districtId: u.district_id, active: u.active, path: u.path });

export const unitRef = (u: UnitSnap): UnitRef => ({ id: u.id, code: u.code, name: u.name, kind: u.kind });
