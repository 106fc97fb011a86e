import type { Queryable } from '../../../db/client.ts';
import { AppError } from '../../../lib/errors.ts';
import { CATEGORY_CODE } from '../taxonomy/category-codes.ts';
import { dutyItemRef, judgeEntry, type DutyItemRef, type EntryResult } from '../duty-lists/entry-control.ts';
import {
  bestItem, itemsWithRole, listAt, loadRoutingSnapshot, taxonomyAt, unitById, unitRef,
  type RoutingSnapshot, type UnitRef, type UnitSnap,
} from './routing-snapshot.ts';
import { selectRule, type Selection, type SelectionInput } from './rule-selection.ts';
import { explain, summarisePowers, type StreetPowers } from './routing-explain.ts';

export type ProposeInput = SelectionInput;
export type Target = 'territorial' | 'unit' | 'district';

export type RoutingProposal = {
  target: Target;
  leadUnit: UnitRef;
  coHandlers: UnitRef[];
  rule: { id: number; name: string } | null;
  dutyItem: DutyItemRef | null;
  category: { code: string; name: string; level: number; path: string[] } | null;
  /** The 准入 check made when the proposed lead is a street, township or community. */
  entry: EntryResult | null;
  streetPowers: StreetPowers | null;
  /** What to store on the order: the versions this proposal was made with. */
  versions: RoutingVersions & { dispatchRuleId: number | null };
  explanation: string;
  explanationEn: string;
};

export type RoutingVersions = { taxonomyVersionId: number | null; dutyListId: number | null };

const bad = (field: string, en: string, zh: string) => new AppError('validation_failed', en, { field }, zh);

/** The taxonomy and street duty list in force at `at` (for a place: its district's or its own variant), for orders that record what they were routed with. */
export async function routingVersions(q: Queryable, at: Date, unitKind = 'street', place?: UnitSnap | null): Promise<RoutingVersions> {
  const s = await loadRoutingSnapshot(q);
  return { taxonomyVersionId: taxonomyAt(s, at)?.id ?? null, dutyListId: listAt(s, 'duty', unitKind, at, place)?.id ?? null };
}

async function resolvePlace(q: Queryable, s: RoutingSnapshot, input: ProposeInput) {
  const street = input.streetId === null ? null : await unitById(q, s, input.streetId);
  if (input.streetId !== null && (!street || !['street', 'township'].includes(street.kind))) {
    throw bad('streetId', `Unit ${input.streetId} is not a street or township`, `单位 ${input.streetId} 不是街道或乡镇`);
  }
  const districtId = input.districtId ?? street?.districtId ?? null;
  let district = districtId === null ? null : await unitById(q, s, districtId);
  if (districtId !== null && (!district || district.kind !== 'district')) {
    throw bad('districtId', `Unit ${districtId} is not a district`, `单位 ${districtId} 不是区`);
  }
  // with no place at all, a city of one district still knows who takes unowned matters
  if (!district && s.districts.length === 1) district = s.districts[0];
  return { street, district };
}

/** Who should handle an order, why, and with which versions of the reference data. Pure reads of the cached snapshot. */
export async function proposeRouting(q: Queryable, input: ProposeInput): Promise<RoutingProposal> {
  const s = await loadRoutingSnapshot(q);
  const taxonomy = taxonomyAt(s, input.at);
  let category: RoutingProposal['category'] = null;
  if (input.categoryCode !== null) {
    const c = CATEGORY_CODE.test(input.categoryCode) ? taxonomy?.categories.get(input.categoryCode) : undefined;
    if (!c) throw bad('categoryCode', `Unknown category ${input.categoryCode}`, `分类代码不存在：${input.categoryCode}`);
    const path: string[] = [];
    for (let p: typeof c | undefined = c; p; p = p.parentCode ? taxonomy!.categories.get(p.parentCode) : undefined) path.unshift(p.name);
    category = { code: c.code, name: c.name, level: c.level, path };
  }
  const { street, district } = await resolvePlace(q, s, input);
  const place = { ...input, streetId: street?.id ?? null, districtId: district?.id ?? null };
  const dutyList = listAt(s, 'duty', street?.kind ?? 'street', input.at, street ?? district);
  const sel = selectRule(s, place, dutyList);

  const needDistrict = (): UnitSnap => {
    if (!district) throw bad('districtId', 'No district could be derived: give streetId or districtId', '无法确定所属区，请提供街道或区');
    return district;
  };
  let target: Target = 'district';
  let lead: UnitSnap | null = null;
  const co: UnitSnap[] = [];
  let streetCoHandles = false;
  let dutyItem: DutyItemRef | null = null;

  if (sel.kind === 'rule') {
    const r = sel.rule;
    target = r.target;
    if (r.target === 'unit') lead = r.leadUnitId === null ? null : await unitById(q, s, r.leadUnitId);
    for (const id of r.coHandlerUnitIds) {
      const u = await unitById(q, s, id);
      if (u?.active) co.push(u);
    }
    streetCoHandles = r.streetCoHandles;
    const item = r.dutyItemCode ? dutyList?.items.find((i) => i.code === r.dutyItemCode) : input.categoryCode ? bestItem(dutyList, input.categoryCode) : null;
    if (item && dutyList) dutyItem = dutyItemRef(s, dutyList, item);
  } else if (sel.kind === 'duty') {
    dutyItem = dutyItemRef(s, sel.list, sel.item);
    const dept = sel.item.leadDepartmentCode ? s.unitsByCode.get(sel.item.leadDepartmentCode) : undefined;
    if (sel.item.role === 'lead' || (sel.item.role === 'coordinate' && !sel.item.leadDepartmentCode)) target = 'territorial';
    else if (dept) {
      target = 'unit';
      lead = dept;
      streetCoHandles = true;
    }
  }
  if (target === 'unit' && !lead?.active) target = 'district';
  if (target === 'territorial' && street) lead = street;
  else if (target === 'territorial') target = 'district';
  if (target === 'district') lead = needDistrict();

  // 准入 has the last word on a street, township or community lead; emergencies pass
  let entry: EntryResult | null = null;
  let refusedStreet: UnitSnap | null = null;
  if (input.categoryCode && ['street', 'township', 'community'].includes(lead!.kind)) {
    entry = judgeEntry(s, lead!, { role: 'lead', categoryCode: input.categoryCode, emergency: input.urgency === 'emergency', at: input.at });
    if (!entry.allowed) {
      refusedStreet = lead!;
      lead = needDistrict();
      target = 'district';
      streetCoHandles = true;
    }
  }
  let streetSkipped: UnitSnap | null = null;
  if (streetCoHandles && street && street.id !== lead!.id) {
    const ok = !input.categoryCode || judgeEntry(s, street, { role: 'co_handler', categoryCode: input.categoryCode, emergency: input.urgency === 'emergency', at: input.at }).allowed;
    if (ok) co.push(street);
    else streetSkipped = street;
  }
  const coHandlers = dedupe(co.filter((u) => u.id !== lead!.id));
  const streetPowers = street && input.categoryCode ? powersOf(s, street, input.categoryCode, input.at, dutyItem) : null;

  const proposal = {
    target,
    leadUnit: unitRef(lead!),
    coHandlers: coHandlers.map(unitRef),
    rule: sel.kind === 'rule' ? { id: sel.rule.id, name: sel.rule.name } : null,
    dutyItem,
    category,
    entry,
    streetPowers,
    versions: {
      taxonomyVersionId: taxonomy?.id ?? null,
      dutyListId: dutyItem?.listId ?? dutyList?.id ?? null,
      dispatchRuleId: sel.kind === 'rule' ? sel.rule.id : null,
    },
  };
  return { ...proposal, ...explain({ proposal, selection: sel as Selection, street, district, refusedStreet, streetSkipped, hasPlace: !!(input.streetId ?? input.districtId) }) };
}

function dedupe(units: UnitSnap[]): UnitSnap[] {
  const seen = new Set<number>();
  return units.filter((u) => !seen.has(u.id) && seen.add(u.id));
}

function powersOf(s: RoutingSnapshot, street: UnitSnap, code: string, at: Date, duty: DutyItemRef | null): StreetPowers {
  const enfList = listAt(s, 'enforcement', street.kind, at, street);
  const appList = listAt(s, 'approval', street.kind, at, street);
  const enf = itemsWithRole(enfList, code, 'lead')[0] ?? bestItem(enfList, code);
  const app = itemsWithRole(appList, code, 'lead')[0] ?? bestItem(appList, code);
  return summarisePowers(
    street,
    enf && enfList ? dutyItemRef(s, enfList, enf) : null,
    app && appList ? dutyItemRef(s, appList, app) : null,
    duty?.listKind === 'duty' ? duty : null,
  );
}
