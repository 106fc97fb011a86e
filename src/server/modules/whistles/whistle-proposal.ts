import type { Queryable } from '../../db/client.ts';
import { notFound } from '../../lib/errors.ts';
import {
  bestItem, itemsWithRole, listAt, loadRoutingSnapshot, unitById, type RoutingSnapshot, type UnitSnap,
} from '../routing/catalogue/routing-snapshot.ts';
import { summarisePowers } from '../routing/catalogue/routing-explain.ts';
import { dutyItemRef, type DutyItemRef } from '../routing/duty-lists/entry-control.ts';

export type ProposedUnit = { unitId: number; code: string; name: string; reasons: { categoryCode: string; itemCode: string; listKind: string; zh: string; en: string }[] };
export type SelfPower = { categoryCode: string; itemCode: string; text: string; zh: string; en: string };
export type SummonsProposal = { categoryCodes: string[]; units: ProposedUnit[]; streetActsItself: SelfPower[] };

/**
 * Whom to summon, from the street's lists: where the duty list names a lead department for a
 * coordinate/assist item, or the enforcement list keeps the power with a department, that
 * department is proposed; where the street holds the enforcement power itself it is told so
 * rather than summoning anyone. Categories come from the linked orders and the caller.
 */
export async function proposeSummons(q: Queryable, input: { streetId: number; workOrderIds: number[]; categoryCodes?: string[]; at: Date }): Promise<SummonsProposal> {
  const s = await loadRoutingSnapshot(q);
  const street = await unitById(q, s, input.streetId);
  if (!street) throw notFound('unit', input.streetId);
  const fromOrders = input.workOrderIds.length
    ? (await q.query<{ category: string | null }>('select category from work_orders where id = any($1::bigint[])', [input.workOrderIds])).rows.map((r) => r.category)
    : [];
  const codes = [...new Set([...(input.categoryCodes ?? []), ...fromOrders].filter((c): c is string => !!c))];
  const units = new Map<number, ProposedUnit>();
  const self: SelfPower[] = [];
  for (const code of codes) considerCategory(s, street, code, input.at, units, self);
  return { categoryCodes: codes, units: [...units.values()], streetActsItself: self };
}

function considerCategory(s: RoutingSnapshot, street: UnitSnap, code: string, at: Date, units: Map<number, ProposedUnit>, self: SelfPower[]) {
  const dutyList = listAt(s, 'duty', street.kind, at, street);
  const enfList = listAt(s, 'enforcement', street.kind, at, street);
  const appList = listAt(s, 'approval', street.kind, at, street);
  const ref = (l: typeof dutyList, item: ReturnType<typeof bestItem>): DutyItemRef | null => (l && item ? dutyItemRef(s, l, item) : null);
  const duty = ref(dutyList, bestItem(dutyList, code));
  const enf = ref(enfList, itemsWithRole(enfList, code, 'lead')[0] ?? bestItem(enfList, code));
  const app = ref(appList, itemsWithRole(appList, code, 'lead')[0] ?? bestItem(appList, code));
  const powers = summarisePowers({ id: street.id, code: street.code, name: street.name, kind: street.kind }, enf, app, duty);
  if (enf?.role === 'lead') {
    self.push({ categoryCode: code, itemCode: enf.code, text: enf.text, zh: powers.summary, en: powers.summaryEn });
  }
  const add = (item: DutyItemRef | null) => {
    const dept = item?.leadDepartment;
    if (!item || !dept || powers.canActAlone) return;
    const p = units.get(dept.id) ?? { unitId: dept.id, code: dept.code, name: dept.name, reasons: [] };
    if (p.reasons.some((r) => r.itemCode === item.code)) return;
    p.reasons.push({
      categoryCode: code, itemCode: item.code, listKind: item.listKind,
      zh: `${item.listKind === 'enforcement' ? '综合执法事项清单' : '职责清单'}${item.code}「${item.text}」：主责部门为${dept.name}`,
      en: `${item.listKind} list item ${item.code}: the lead department is ${dept.code}`,
    });
    units.set(dept.id, p);
  };
  add(enf?.role === 'assist' ? enf : null);
  add(duty && duty.role !== 'lead' ? duty : null);
}
