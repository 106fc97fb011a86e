import { useMemo } from 'react';
import { useI18n } from '../../shared/i18n.ts';

/** UI text of the whistle pages: [中文, English]. */
const M = {
  nav: ['吹哨报到', 'Whistles'],
  board: ['吹哨报到看板', 'Whistle board'],
  boardDistrict: ['区级统筹平台', 'District coordination'],
  boardDept: ['本单位被召集的哨', 'Summons to my unit'],
  blow: ['吹哨', 'Blow a whistle'],
  blowFromOrder: ['由此工单吹哨', 'Blow a whistle for this order'],
  open: ['进行中', 'Open'],
  closedList: ['已结哨', 'Closed'],
  none: ['暂无', 'None'],
  type: ['哨类型', 'Type'],
  trigger: ['吹哨事由', 'Trigger'],
  scope: ['适用范围', 'Scope'],
  scopeReason: ['理由', 'Reason'],
  title: ['标题', 'Title'],
  description: ['情况说明', 'Description'],
  place: ['地点', 'Place'],
  street: ['吹哨街乡', 'Street'],
  status: ['状态', 'Status'],
  blownAt: ['吹哨时间', 'Blown at'],
  reportIns: ['被召集单位与报到', 'Summoned units and report-ins'],
  unit: ['单位', 'Unit'],
  dueAt: ['报到时限', 'Report in by'],
  countdown: ['剩余', 'Left'],
  reportedAt: ['报到时间', 'Reported at'],
  person: ['到场人员', 'Who came'],
  arrival: ['到场位置', 'Arrival'],
  actions: ['处置记录', 'Actions'],
  ratings: ['评价（一哨一考核）', 'Ratings'],
  timeliness: ['报到及时', 'Timeliness'],
  attitude: ['工作态度', 'Attitude'],
  effectiveness: ['处置效果', 'Effectiveness'],
  comment: ['评语', 'Comment'],
  orders: ['关联工单', 'Linked orders'],
  timeline: ['全过程记录', 'Timeline'],
  myNotices: ['我收到的提醒', 'My notifications'],
  lateBy: ['超时 {m} 分钟', '{m} min late'],
  overdue: ['已超时', 'Overdue'],
  proposal: ['建议召集（依职责清单、综合执法清单）', 'Proposed (duty and enforcement lists)'],
  selfPower: ['街道可自行处置', 'The street acts itself'],
  addUnits: ['增加召集单位', 'Add units'],
  summoned: ['召集单位', 'Summoned units'],
  submit: ['提交', 'Submit'],
  result: ['处置结果', 'Result'],
  reason: ['原因', 'Reason'],
  text: ['处置情况', 'What was done'],
  lon: ['经度', 'Longitude'],
  lat: ['纬度', 'Latitude'],
  uphold: ['维持原评价', 'Uphold'],
  revise: ['改判', 'Revise'],
  note: ['裁定意见', 'Decision note'],
  done: ['已完成：{a}', 'Done: {a}'],
  rates: ['各街乡吹哨率（每千件工单）', 'Whistle rate per street (per 1,000 orders)'],
  rate: ['吹哨率', 'Rate'],
  whistles: ['哨数', 'Whistles'],
  workOrders: ['工单数', 'Orders'],
  alertLow: ['明显偏低：机制未用起来', 'Far below: mechanism unused'],
  alertHigh: ['明显偏高：日常工作失灵', 'Far above: routine work failing'],
  load: ['部门报到负荷', 'Department load'],
  openSummons: ['未结召集', 'Open summons'],
  lateReportIns: ['超时报到', 'Late report-ins'],
  avgMinutes: ['平均报到（分钟）', 'Avg report-in (min)'],
  streets: ['涉及街乡', 'Streets'],
  forOrder: ['关联吹哨', 'Whistles on this order'],
  rated: ['已评价', 'Rated'],
  photos: ['现场照片', 'Photos'],
  noPhotos: ['无照片', 'No photos'],
  summonUnits: ['追加召集的单位', 'Units to summon'],
  pickUnit: ['请至少选择一个单位', 'Pick at least one unit'],
  stationed: ['派驻人员', 'Stationed staff'],
  stationedRegister: ['派驻人员名册', 'Stationed staff register'],
  stationedHint: ['区级部门派驻到街乡综合执法中心、由街乡统一指挥的人员。日常哨可直接调度，按其所属部门报到。', 'Staff departments station at the street’s joint enforcement centre, commanded by the street. A routine whistle may dispatch them directly; they report in as their department.'],
  dispatchStationed: ['直接调度派驻人员（日常哨）', 'Dispatch stationed staff (routine whistle)'],
  department: ['所属部门', 'Department'],
  name: ['姓名', 'Name'],
  phone: ['电话', 'Phone'],
  add: ['登记', 'Register'],
  remove: ['移出名册', 'Remove'],
  removed: ['已移出：{n}', 'Removed: {n}'],
  registered: ['已登记：{n}', 'Registered: {n}'],
  onBehalf: ['代派驻人员所属部门', 'For the stationed staff’s department'],
  coordination: ['区级统筹平台', 'District coordination platform'],
  streetNeeds: ['各街乡在办的哨与需求', 'Open whistles and needs per street'],
  needs: ['待报到 / 超时', 'Awaiting / late'],
  supervise: ['督办', 'Supervise'],
  supervisionKind: ['督办方式', 'Kind'],
  supervisions: ['督办记录', 'Supervision records'],
  reminder: ['督办提醒', 'Reminder'],
  interview: ['约谈', 'Interview (约谈)'],
  priority: ['设定报到优先级', 'Set priority'],
  recorded: ['已记录：{k}', 'Recorded: {k}'],
  overSummoned: ['召集过多', 'Over-summoned'],
  at: ['时间', 'When'],
  by: ['记录人', 'By'],
  whistle: ['哨', 'Whistle'],
  supervisionNote: ['督办内容', 'What was said'],
  dualReportIn: ['双报到', 'Dual report-in'],
  dualReportInHint: ['攻坚哨实行挂包区委常委和分管副区长“双报到”，两位领导均报到后方为已报到。', 'A hard-problem whistle needs both district leaders to report in: the standing committee member assigned to the street and the deputy district head in charge.'],
  leaderPost: ['报到领导职务', 'Leader reporting in'],
  leaderWaiting: ['待报到', 'not yet'],
} satisfies Record<string, [string, string]>;

export type WKey = keyof typeof M;

const TYPE = { routine: ['日常哨', 'Routine'], key_task: ['重点哨', 'Key task'], hard_problem: ['攻坚哨', 'Hard problem'], emergency: ['应急哨', 'Emergency'] };
const TRIGGER = { public_request: ['群众诉求', 'Public request'], key_task: ['重点工作', 'Key task'], joint_enforcement: ['综合执法', 'Joint enforcement'], emergency: ['应急处置', 'Emergency'] };
const SCOPE = { enforcement: ['行政执法', 'Enforcement'], emergency: ['应急处置', 'Emergency handling'], major_task: ['重大任务', 'Major task'] };
const STATUS = {
  open: ['进行中', 'Open'], escalated: ['已提级', 'Escalated'], closed: ['已结哨', 'Closed'],
  pending: ['待报到', 'Awaiting report-in'], late: ['超时未报到', 'Late'], reported: ['已报到', 'Reported in'], acted: ['已处置', 'Acted'], released: ['已解除', 'Released'],
  given: ['已评价', 'Given'], contested: ['申诉中', 'Contested'], upheld: ['维持', 'Upheld'], revised: ['已改判', 'Revised'],
};
const ACTION = {
  report_in: ['报到', 'Report in'], record_action: ['记录处置', 'Record action'], release: ['解除召集', 'Release a unit'], summon: ['追加召集', 'Summon more'],
  escalate: ['提级至区', 'Escalate to the district'], close: ['结哨', 'Close'], rate: ['评价', 'Rate'], contest_rating: ['申诉评价', 'Contest rating'], decide_rating: ['裁定申诉', 'Decide contest'],
};
const POST = { standing_committee: ['挂包区委常委', 'Standing committee member (assigned)'], deputy_head: ['分管副区长', 'Deputy district head in charge'] };
export const TABLES = { TYPE, TRIGGER, SCOPE, STATUS, ACTION, POST } as Record<string, Record<string, string[]>>;

export function useW() {
  const { locale } = useI18n();
  return useMemo(() => {
    const en = locale === 'en';
    const w = (k: WKey, vars?: Record<string, string | number>) => {
      let s = M[k][en ? 1 : 0];
      for (const [n, v] of Object.entries(vars ?? {})) s = s.replaceAll(`{${n}}`, String(v));
      return s;
    };
    const l = (table: keyof typeof TABLES, key: string | null | undefined) => (key ? (TABLES[table][key]?.[en ? 1 : 0] ?? key) : '—');
    return { w, l, locale };
  }, [locale]);
}
