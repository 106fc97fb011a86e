import type { DutyItemRef } from '../duty-lists/entry-control.ts';
import type { UnitRef, UnitSnap } from './routing-snapshot.ts';
import type { Selection } from './rule-selection.ts';

/*
 * The dispatcher accepts or overrides a proposal in seconds, so the proposal says in one short
 * paragraph which entry decided it and why; the same text is stored with the order, so a later
 * dispute (退单) can be judged against what the dispatcher saw.
 */
export type StreetPowers = {
  enforcement: DutyItemRef | null;
  approval: DutyItemRef | null;
  dutyRole: string | null;
  /** The street holds the duty as lead, or an enforcement / approval power of its own. */
  canActAlone: boolean;
  /** The department the street would summon (吹哨) for powers it lacks. */
  whistleTo: UnitRef | null;
  summary: string;
  summaryEn: string;
};

const ROLE_ZH: Record<string, string> = { lead: '负责（主责）', coordinate: '组织协调', assist: '参与协助配合' };

export function summarisePowers(street: UnitRef, enf: DutyItemRef | null, app: DutyItemRef | null, duty: DutyItemRef | null): StreetPowers {
  const canActAlone = duty?.role === 'lead' || enf?.role === 'lead' || app?.role === 'lead';
  const whistleTo = enf?.role === 'assist' ? enf.leadDepartment : !canActAlone ? (duty?.leadDepartment ?? null) : null;
  const zh: string[] = [];
  const en: string[] = [];
  if (enf?.role === 'lead') {
    zh.push(`${street.name}持有综合执法权（${enf.code}「${enf.text}」），可自行执法。`);
    en.push(`${street.name} holds the enforcement power itself (${enf.code}).`);
  } else if (whistleTo) {
    zh.push(`${street.name}对此事项无执法或处置权限，需要时应吹哨召集${whistleTo.name}报到。`);
    en.push(`${street.name} lacks the powers for this matter; where they are needed it blows the whistle for ${whistleTo.name}.`);
  }
  if (app) {
    const dept = app.leadDepartment?.name ?? app.leadDepartmentCode;
    zh.push(app.role === 'lead' ? `审批服务事项${app.code}「${app.text}」由街道办理。` : `审批服务事项${app.code}「${app.text}」由街道受理、${dept ?? '主管部门'}审批。`);
    en.push(app.role === 'lead' ? `Approval item ${app.code} is decided by the street.` : `Approval item ${app.code} is received by the street and decided by ${app.leadDepartmentCode ?? 'the department'}.`);
  }
  if (!zh.length && duty?.role === 'lead') {
    zh.push(`${street.name}按职责清单负责此事项。`);
    en.push(`${street.name} leads this matter under its duty list.`);
  }
  return { enforcement: enf, approval: app, dutyRole: duty?.role ?? null, canActAlone, whistleTo, summary: zh.join(''), summaryEn: en.join(' ') };
}

type ExplainInput = {
  proposal: {
    target: string;
    leadUnit: UnitRef;
    coHandlers: UnitRef[];
    dutyItem: DutyItemRef | null;
    category: { code: string; path: string[] } | null;
    streetPowers: StreetPowers | null;
  };
  selection: Selection;
  street: UnitSnap | null;
  district: UnitSnap | null;
  refusedStreet: UnitSnap | null;
  streetSkipped: UnitSnap | null;
  hasPlace: boolean;
};

export function explain(x: ExplainInput): { explanation: string; explanationEn: string } {
  const p = x.proposal;
  const zh: string[] = [];
  const en: string[] = [];
  zh.push(p.category ? `诉求分类：${p.category.path.join(' / ')}（${p.category.code}）。` : '诉求未分类。');
  en.push(p.category ? `Category ${p.category.code}.` : 'No category.');

  const item = p.dutyItem;
  const dept = item?.leadDepartment?.name ?? item?.leadDepartmentCode;
  if (x.selection.kind === 'rule') {
    zh.push(`命中派单目录规则「${x.selection.rule.name}」（#${x.selection.rule.id}）。`);
    en.push(`Dispatch catalogue rule #${x.selection.rule.id} applies.`);
  } else if (x.selection.kind === 'duty' && item) {
    zh.push(`派单目录无专门规则，依据职责清单（第${item.listVersion}版）第${item.code}项「${item.text}」，街道职责为${ROLE_ZH[item.role]}${dept ? `，主责部门为${dept}` : ''}。`);
    en.push(`No catalogue rule; duty list v${item.listVersion} item ${item.code} gives the street the role '${item.role}'${dept ? ` with ${dept} as lead` : ''}.`);
  } else {
    zh.push('派单目录和职责清单均未明确主责单位。');
    en.push('Neither the catalogue nor the duty list names an owner.');
  }

  const lead = p.leadUnit.name;
  if (x.refusedStreet) {
    zh.push(`按准入制度，${x.refusedStreet.name}不能主办此事项，由${lead}承接统筹。`);
    en.push(`Entry control refuses ${x.refusedStreet.name} as lead, so ${lead} takes it.`);
  } else if (p.target === 'territorial') {
    zh.push(`按属地管理原则由${lead}主办。`);
    en.push(`Territorial management: ${lead} leads.`);
  } else if (p.target === 'unit') {
    zh.push(`由${lead}主办。`);
    en.push(`${lead} leads.`);
  } else if (x.selection.kind === 'rule') {
    zh.push(`按派单目录由${lead}承接转办。`);
    en.push(`By the catalogue the district government ${lead} takes it.`);
  } else if (!x.hasPlace && !x.street) {
    zh.push(`诉求未定位到街乡，由${lead}承接统筹。`);
    en.push(`No location given: the district government ${lead} takes it.`);
  } else {
    zh.push(`主责单位不明确，由${lead}承接统筹。`);
    en.push(`No clear owner: the district government ${lead} takes it.`);
  }
  if (p.coHandlers.length) {
    zh.push(`${p.coHandlers.map((u) => u.name).join('、')}协办。`);
    en.push(`Co-handlers: ${p.coHandlers.map((u) => u.name).join(', ')}.`);
  }
  if (x.streetSkipped) {
    zh.push(`${x.streetSkipped.name}的职责清单未覆盖此事项，不列为协办。`);
    en.push(`${x.streetSkipped.name} is not added as co-handler: its lists do not cover the matter.`);
  }
  if (['street', 'township'].includes(p.leadUnit.kind) && x.district) {
    zh.push(`派往街乡的工单同时抄送${x.district.name}。`);
    en.push(`Copied to ${x.district.name} for supervision.`);
  }
  if (p.streetPowers?.summary) {
    zh.push(p.streetPowers.summary);
    en.push(p.streetPowers.summaryEn);
  }
  return { explanation: zh.join(''), explanationEn: en.join(' ') };
}
