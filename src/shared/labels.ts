/** Labels shared by the server (messages) and the web apps (zh-CN first, English second). */
export type Locale = 'zh-CN' | 'en';
type L = { zh: string; en: string };

export const STATUS_LABELS: Record<string, L> = {
  received: { zh: '已受理', en: 'Received' },
  answered: { zh: '直接答复', en: 'Answered' },
  not_dispatched: { zh: '不予派单', en: 'Not dispatched' },
  dispatched: { zh: '已派单', en: 'Dispatched' },
  signed: { zh: '已签收', en: 'Signed' },
  disputed: { zh: '退单审核中', en: 'Disputed' },
  in_progress: { zh: '办理中', en: 'In progress' },
  escalated: { zh: '已提级', en: 'Escalated' },
  awaiting_callback: { zh: '待回访', en: 'Awaiting callback' },
  called_back: { zh: '已回访', en: 'Called back' },
  closed: { zh: '已办结', en: 'Closed' },
  merged: { zh: '已并案', en: 'Merged' },
};

export const ACTION_LABELS: Record<string, L> = {
  answer: { zh: '直接答复', en: 'Answer directly' },
  decline: { zh: '不予派单', en: 'Close without dispatch' },
  dispatch: { zh: '派单', en: 'Dispatch' },
  merge: { zh: '并案', en: 'Merge into another order' },
  sign: { zh: '签收', en: 'Sign for' },
  dispute: { zh: '退单（派单异议）', en: 'Dispute' },
  adjudicate: { zh: '退单审核', en: 'Adjudicate dispute' },
  contact: { zh: '联系诉求人', en: 'Record first contact' },
  request_extension: { zh: '申请延期', en: 'Request extension' },
  decide_extension: { zh: '审批延期', en: 'Decide extension' },
  escalate: { zh: '提级至区', en: 'Escalate to district' },
  reassign: { zh: '区级改派', en: 'Reassign' },
  co_report: { zh: '协办反馈', en: 'Co-handler report' },
  feedback: { zh: '办理反馈', en: 'Submit feedback' },
  callback: { zh: '回访', en: 'Record callback' },
  reopen: { zh: '重办', en: 'Reopen for re-handling' },
  close: { zh: '办结', en: 'Close' },
  request_exclusion: { zh: '申请剔单', en: 'Request exclusion' },
  decide_exclusion: { zh: '审批剔单', en: 'Decide exclusion' },
  supervise: { zh: '督办', en: 'Supervise' },
  recategorize: { zh: '修改分类', en: 'Change category' },
  verify: { zh: '现场核查', en: 'Verify on site' },
};

export const CHANNEL_LABELS: Record<string, L> = {
  phone: { zh: '电话', en: 'Phone' },
  web: { zh: '网站', en: 'Web portal' },
  app: { zh: 'App', en: 'App' },
  wechat: { zh: '微信', en: 'WeChat' },
  sms: { zh: '短信', en: 'SMS' },
  email: { zh: '电子邮件', en: 'Email' },
  grid: { zh: '网格员上报', en: 'Grid member' },
};

export const REQUEST_TYPE_LABELS: Record<string, L> = {
  inquiry: { zh: '咨询', en: 'Inquiry' },
  help: { zh: '求助', en: 'Help' },
  complaint: { zh: '投诉', en: 'Complaint' },
  report: { zh: '举报', en: 'Report' },
  suggestion: { zh: '建议', en: 'Suggestion' },
};

export const URGENCY_LABELS: Record<string, L> = {
  emergency: { zh: '紧急', en: 'Emergency' },
  utilities: { zh: '水电气热', en: 'Utilities' },
  general: { zh: '一般', en: 'General' },
  complex: { zh: '疑难复杂', en: 'Complex' },
};

/** 北京市接诉即办工作条例 Art. 11: matters closed without dispatch. */
export const DECLINE_REASON_LABELS: Record<string, L> = {
  emergency_referral: { zh: '紧急事项，已转110/119/120/122', en: 'Emergency referred to 110/119/120/122' },
  other_channel: { zh: '属诉讼、仲裁、信访等途径办理事项', en: 'Belongs to litigation, arbitration or petition' },
  repeat_no_new_facts: { zh: '重复诉求，无新情况', en: 'Repeat of an order in progress, nothing new' },
  secret_or_privacy: { zh: '涉及国家秘密、商业秘密、个人隐私', en: 'Secrets or privacy' },
  outside_duty: { zh: '不属于职责范围', en: 'Outside every unit’s duty' },
  illegal_request: { zh: '违反法律法规或公序良俗', en: 'Illegal or improper request' },
};

export const SATISFACTION_LABELS: Record<string, L> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'Basically satisfied' },
  dissatisfied: { zh: '不满意', en: 'Dissatisfied' },
};

export const STAGE_LABELS: Record<string, L> = {
  dispatch: { zh: '派单', en: 'Dispatch' },
  sign: { zh: '签收', en: 'Sign' },
  first_contact: { zh: '首次联系', en: 'First contact' },
  feedback: { zh: '反馈', en: 'Feedback' },
};

export const ROLE_LABELS: Record<string, L> = {
  intake_agent: { zh: '话务员', en: 'Intake agent' },
  dispatcher: { zh: '派单员', en: 'Dispatcher' },
  callback_agent: { zh: '回访员', en: 'Callback agent' },
  hotline_supervisor: { zh: '热线值班长', en: 'Hotline supervisor' },
  street_staff: { zh: '街乡工作人员', en: 'Street staff' },
  department_staff: { zh: '部门工作人员', en: 'Department staff' },
  district_supervisor: { zh: '区级督办', en: 'District supervisor' },
  grid_member: { zh: '网格员', en: 'Grid member' },
  admin: { zh: '系统管理员', en: 'Administrator' },
  citizen: { zh: '市民', en: 'Citizen' },
};

export function label(table: Record<string, L>, key: string, locale: Locale | string): string {
  const l = table[key];
  if (!l) return key;
  return locale.startsWith('zh') ? l.zh : l.en;
}
