import type { Queryable } from '../../../db/client.ts';
import { AppError, notFound } from '../../../lib/errors.ts';
import { CATEGORY_CODE } from '../taxonomy/category-codes.ts';
import {
  bestItem, itemsWithRole, listAt, loadRoutingSnapshot, taxonomyAt, unitById, unitRef,
  type DutyItemSnap, type DutyListSnap, type RoutingSnapshot, type UnitRef, type UnitSnap,
} from '../catalogue/routing-snapshot.ts';

/*
 * 准入 (entry control): a street, township or community takes on only what its duty list holds.
 *
 * As LEAD a unit is accepted when the most specific item of its active duty list covering the
 * category gives it
 *   - role 'lead' (负责), or
 *   - role 'coordinate' (组织协调) with NO lead department named: the unit is then the organiser of
 *     a matter no single department owns (爱国卫生, 业委会组建, 疏整促…) and someone must lead it.
 *     Where the list names a lead department, that department leads and the street may only
 *     co-handle: making it lead would push the department's duty down, which 准入 exists to stop;
 * or when its enforcement (综合执法) or approval list holds a 'lead' item for the category: the power
 * was delegated to it, so it can act alone.
 * As CO-HANDLER any item of any of its lists covering the category is enough.
 * Otherwise the assignment is refused, unless it is an emergency or the district approved it.
 * With no duty list published for the unit's kind at all, nothing is refused: the control starts
 * when a list exists, rather than blocking every dispatch of a new installation.
 * Departments, enterprises and district governments are not under 准入.
 */
const CONTROLLED = new Set(['street', 'township', 'community']);

export type EntryRole = 'lead' | 'co_handler';
export type EntryInput = { unitId: number; role: EntryRole; categoryCode: string; emergency?: boolean; districtApproved?: boolean; at?: Date };
export type EntryBasis = 'not_controlled' | 'lead_item' | 'coordinate_item' | 'delegated_power' | 'listed' | 'no_list' | 'emergency' | 'district_approved';
export type DutyItemRef = {
  listId: number;
  listKind: string;
  listVersion: number;
  code: string;
  text: string;
  role: string;
  block: string;
  legalBasis: string | null;
  leadDepartment: UnitRef | null;
  leadDepartmentCode: string | null;
};
export type EntryResult =
  | { allowed: true; basis: EntryBasis; dutyItem?: DutyItemRef }
  | { allowed: false; code: 'entry_refused'; reason: string; reasonZh: string; dutyItem?: DutyItemRef };

const ROLE_ZH: Record<string, string> = { lead: '负责（主责）', coordinate: '组织协调', assist: '参与协助配合' };
const KIND_ZH: Record<string, string> = { street: '街道', township: '乡镇', community: '社区' };

export function dutyItemRef(s: RoutingSnapshot, list: DutyListSnap, item: DutyItemSnap): DutyItemRef {
  const dept = item.leadDepartmentCode ? s.unitsByCode.get(item.leadDepartmentCode) : undefined;
  return {
    listId: list.id, listKind: list.listKind, listVersion: list.version, code: item.code, text: item.text, role: item.role,
    block: item.block, legalBasis: item.legalBasis, leadDepartment: dept ? unitRef(dept) : null, leadDepartmentCode: item.leadDepartmentCode,
  };
}

export function categoryLabel(s: RoutingSnapshot, code: string, at?: Date): string {
  const v = at ? taxonomyAt(s, at) : (s.taxonomy.find((t) => t.status === 'active') ?? null);
  const c = v?.categories.get(code);
  return c ? `${c.name}（${code}）` : code;
}

/** The decision itself, over the in-memory snapshot: no I/O, so dispatch can ask it per candidate. */
export function judgeEntry(s: RoutingSnapshot, unit: UnitSnap, input: Omit<EntryInput, 'unitId'>): EntryResult {
  if (!CONTROLLED.has(unit.kind)) return { allowed: true, basis: 'not_controlled' };
  const duty = listAt(s, 'duty', unit.kind, input.at, unit);
  const powerLists = [listAt(s, 'enforcement', unit.kind, input.at, unit), listAt(s, 'approval', unit.kind, input.at, unit)].filter((l): l is DutyListSnap => !!l);
  if (!duty && !powerLists.length) return { allowed: true, basis: 'no_list' };

  const item = bestItem(duty, input.categoryCode);
  const ref = duty && item ? dutyItemRef(s, duty, item) : undefined;
  if (input.role === 'lead') {
    if (item?.role === 'lead') return { allowed: true, basis: 'lead_item', dutyItem: ref };
    if (item?.role === 'coordinate' && !item.leadDepartmentCode) return { allowed: true, basis: 'coordinate_item', dutyItem: ref };
    for (const l of powerLists) {
      const power = itemsWithRole(l, input.categoryCode, 'lead')[0];
      if (power) return { allowed: true, basis: 'delegated_power', dutyItem: dutyItemRef(s, l, power) };
    }
  } else {
    if (ref) return { allowed: true, basis: 'listed', dutyItem: ref };
    for (const l of powerLists) {
      const any = bestItem(l, input.categoryCode);
      if (any) return { allowed: true, basis: 'listed', dutyItem: dutyItemRef(s, l, any) };
    }
  }
  if (input.emergency) return { allowed: true, basis: 'emergency', dutyItem: ref };
  if (input.districtApproved) return { allowed: true, basis: 'district_approved', dutyItem: ref };
  return refusal(s, unit, duty, ref, input);
}

function refusal(s: RoutingSnapshot, unit: UnitSnap, duty: DutyListSnap | null, ref: DutyItemRef | undefined, input: Omit<EntryInput, 'unitId'>): EntryResult {
  const cat = categoryLabel(s, input.categoryCode, input.at);
  const kindZh = KIND_ZH[unit.kind] ?? unit.kind;
  const listZh = duty ? `${duty.name}第${duty.version}版` : '职责清单';
  const asZh = input.role === 'lead' ? '主办' : '协办';
  const tail = '如属紧急情况或经区级审批，可例外派单。';
  const dept = ref?.leadDepartment?.name ?? ref?.leadDepartmentCode;
  if (ref) {
    return {
      allowed: false,
      code: 'entry_refused',
      dutyItem: ref,
      reasonZh: `准入不通过：按${unit.name}的${listZh}第${ref.code}项「${ref.text}」，${cat}事项中${kindZh}的职责为${ROLE_ZH[ref.role]}${dept ? `，主责部门为${dept}` : ''}，不能作为${asZh}单位。${tail}`,
      reason: `Entry refused: under item ${ref.code} of ${unit.name}'s duty list (v${duty?.version}) the ${unit.kind} only has the role '${ref.role}' for ${input.categoryCode}${dept ? `; the lead department is ${ref.leadDepartmentCode}` : ''}, so it cannot be the ${input.role === 'lead' ? 'lead unit' : 'co-handler'} unless it is an emergency or the district approves.`,
    };
  }
  return {
    allowed: false,
    code: 'entry_refused',
    reasonZh: `准入不通过：${cat}不在${unit.name}的${listZh}及其执法、审批服务事项清单内，不能派给${kindZh}${asZh}。${tail}`,
    reason: `Entry refused: ${input.categoryCode} is not in the duty, enforcement or approval lists of ${unit.name} (a ${unit.kind}), so it cannot be assigned as ${input.role === 'lead' ? 'lead unit' : 'co-handler'} unless it is an emergency or the district approves.`,
  };
}

/** May this unit be given an order of this category in this role? */
export async function checkEntry(q: Queryable, input: EntryInput): Promise<EntryResult> {
  if (!CATEGORY_CODE.test(input.categoryCode)) {
    throw new AppError('validation_failed', `Invalid category code ${input.categoryCode}`, { field: 'categoryCode' }, `分类代码格式错误：${input.categoryCode}`);
  }
  const s = await loadRoutingSnapshot(q);
  const unit = await unitById(q, s, input.unitId);
  if (!unit) throw notFound('unit', input.unitId);
  return judgeEntry(s, unit, input);
}

/** checkEntry for commands: a refusal becomes the AppError 'entry_refused' (HTTP 409). */
export async function assertEntry(q: Queryable, input: EntryInput): Promise<Extract<EntryResult, { allowed: true }>> {
  const r = await checkEntry(q, input);
  if (!r.allowed) {
    throw new AppError('entry_refused', r.reason, { unitId: input.unitId, categoryCode: input.categoryCode, role: input.role, dutyItem: r.dutyItem ?? null }, r.reasonZh);
  }
  return r;
}
