/**
 * Labels the web apps need that src/shared/labels.ts does not have yet. Same shape as there, so
 * they can move over verbatim; until then the web keeps them here.
 */
type L = { zh: string; en: string };

/** Timeline rows whose `action` is not a workflow action (intake, the sweep, merges), and the portal's public steps. */
export const EVENT_TYPE_LABELS: Record<string, L> = {
  'work_order.received': { zh: '受理', en: 'Received' },
  'work_order.answered': { zh: '直接答复', en: 'Answered' },
  'work_order.declined': { zh: '不予派单', en: 'Closed without dispatch' },
  'work_order.dispatched': { zh: '派单', en: 'Dispatched' },
  'work_order.signed': { zh: '签收', en: 'Signed for' },
  'work_order.disputed': { zh: '退单', en: 'Disputed' },
  'work_order.dispute_adjudicated': { zh: '退单审核', en: 'Dispute decided' },
  'work_order.contacted': { zh: '联系诉求人', en: 'Requester contacted' },
  'work_order.extension_requested': { zh: '申请延期', en: 'Extension requested' },
  'work_order.extension_decided': { zh: '延期审批', en: 'Extension decided' },
  'work_order.escalated': { zh: '提级至区', en: 'Escalated' },
  'work_order.reassigned': { zh: '改派', en: 'Reassigned' },
  'work_order.co_handler_reported': { zh: '协办反馈', en: 'Co-handler report' },
  'work_order.feedback_submitted': { zh: '办理反馈', en: 'Feedback submitted' },
  'work_order.called_back': { zh: '回访', en: 'Called back' },
  'work_order.reopened': { zh: '重办', en: 'Reopened' },
  'work_order.closed': { zh: '办结', en: 'Closed' },
  'work_order.merged': { zh: '并案', en: 'Merged' },
  'work_order.merge_absorbed': { zh: '并入其他诉求', en: 'Another request merged in' },
  'work_order.exclusion_requested': { zh: '申请剔单', en: 'Exclusion requested' },
  'work_order.exclusion_decided': { zh: '剔单审批', en: 'Exclusion decided' },
  'work_order.supervised': { zh: '督办', en: 'Supervision' },
  'work_order.recategorized': { zh: '修改分类', en: 'Category changed' },
  'work_order.verified': { zh: '网格员现场核查', en: 'Verified on site' },
  'work_order.information_added': { zh: '诉求人补充信息', en: 'Requester added information' },
};

export const CONTACT_METHOD_LABELS: Record<string, L> = {
  phone: { zh: '电话', en: 'Phone' },
  visit: { zh: '上门', en: 'Visit' },
  sms: { zh: '短信', en: 'SMS' },
  other: { zh: '其他', en: 'Other' },
};

export const ADJUDICATION_LABELS: Record<string, L> = {
  redispatch: { zh: '同意退单，改派', en: 'Accept: re-dispatch' },
  reject: { zh: '驳回退单', en: 'Reject the dispute' },
  onsite_check: { zh: '现场核查权责', en: 'Order an on-site check' },
};

/** Status of disputes, extensions and exclusions. */
export const RECORD_STATUS_LABELS: Record<string, L> = {
  pending: { zh: '待审批', en: 'Pending' },
  approved: { zh: '已批准', en: 'Approved' },
  refused: { zh: '未批准', en: 'Refused' },
  rejected: { zh: '已驳回', en: 'Rejected' },
  redispatched: { zh: '已改派', en: 'Re-dispatched' },
  onsite_check: { zh: '现场核查中', en: 'On-site check' },
};

export const ASSIGNMENT_ROLE_LABELS: Record<string, L> = {
  lead: { zh: '主办', en: 'Lead' },
  co_handler: { zh: '协办', en: 'Co-handler' },
  copy: { zh: '抄送督办', en: 'Copied for supervision' },
};

export const SUPERVISION_KIND_LABELS: Record<string, L> = {
  manual: { zh: '人工督办', en: 'Supervision order' },
  warning: { zh: '临期提醒', en: 'Deadline warning' },
  overdue: { zh: '超时督办', en: 'Overdue' },
};

export const UNIT_KIND_LABELS: Record<string, L> = {
  city: { zh: '市', en: 'City' },
  hotline_centre: { zh: '热线中心', en: 'Hotline centre' },
  district: { zh: '区', en: 'District' },
  street: { zh: '街道', en: 'Street' },
  township: { zh: '乡镇', en: 'Township' },
  community: { zh: '社区', en: 'Community' },
  grid: { zh: '网格', en: 'Grid' },
  department: { zh: '部门', en: 'Department' },
  enterprise: { zh: '企业', en: 'Enterprise' },
};

export const DURATION_UNIT_LABELS: Record<string, L> = {
  days: { zh: '天', en: 'days' },
  working_days: { zh: '个工作日', en: 'working days' },
  hours: { zh: '小时', en: 'hours' },
};
