/** Labels of the routing reference data (duty lists, taxonomy, proposals): zh-CN first, English second. */
type L = { zh: string; en: string };

export const DUTY_ROLE_LABELS: Record<string, L> = {
  lead: { zh: '负责（主责）', en: 'Lead' },
  coordinate: { zh: '组织协调', en: 'Coordinate' },
  assist: { zh: '参与协助配合', en: 'Assist' },
};

export const BASIS_LABELS: Record<string, L> = {
  model: { zh: '模型判断', en: 'model' },
  words: { zh: '关键词', en: 'key words' },
  category: { zh: '分类默认值', en: 'category default' },
  default: { zh: '系统默认', en: 'default' },
};

export const PLACE_METHOD_LABELS: Record<string, L> = {
  ids: { zh: '按所选区域', en: 'from the chosen area' },
  point: { zh: '按地图标注', en: 'from the map pin' },
  address: { zh: '按地址匹配', en: 'from the address' },
  text: { zh: '按内容中的地名', en: 'from a place named in the text' },
  fallback: { zh: '未能定位', en: 'not found' },
};

export const TARGET_LABELS: Record<string, L> = {
  territorial: { zh: '属地主办', en: 'Territorial' },
  unit: { zh: '指定单位主办', en: 'Named unit' },
  district: { zh: '区级承接', en: 'District takes it' },
};

export const LIST_KIND_LABELS: Record<string, L> = {
  duty: { zh: '职责清单', en: 'Duty list' },
  enforcement: { zh: '综合执法事项清单', en: 'Enforcement list' },
  approval: { zh: '审批服务事项清单', en: 'Approval & service list' },
};

export const LIST_STATUS_LABELS: Record<string, L> = {
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '待审批', en: 'Submitted' },
  active: { zh: '现行', en: 'In force' },
  retired: { zh: '已废止', en: 'Retired' },
  rejected: { zh: '已退回', en: 'Rejected' },
};

export const RULE_STATE_LABELS: Record<string, L> = {
  current: { zh: '现行', en: 'In force' },
  future: { zh: '未生效', en: 'Not yet in force' },
  expired: { zh: '已失效', en: 'Expired' },
  all: { zh: '全部', en: 'All' },
};

export const ENTRY_BASIS_LABELS: Record<string, L> = {
  not_controlled: { zh: '不受准入控制', en: 'not under entry control' },
  lead_item: { zh: '职责清单负责事项', en: 'a lead item of its duty list' },
  coordinate_item: { zh: '组织协调事项（无主责部门）', en: 'a coordinate item with no lead department' },
  delegated_power: { zh: '下放的执法或审批权', en: 'a delegated enforcement or approval power' },
  listed: { zh: '清单内事项', en: 'listed' },
  no_list: { zh: '尚无清单', en: 'no list published' },
  emergency: { zh: '紧急事项例外', en: 'emergency exception' },
  district_approved: { zh: '区级批准例外', en: 'district-approved exception' },
};

export const DUTY_EVENT_LABELS: Record<string, L> = {
  'duty_list.seeded': { zh: '初始导入', en: 'Imported' },
  'duty_list.drafted': { zh: '创建草稿', en: 'Draft opened' },
  'duty_list.item_added': { zh: '新增事项', en: 'Item added' },
  'duty_list.item_updated': { zh: '修改事项', en: 'Item changed' },
  'duty_list.item_removed': { zh: '删除事项', en: 'Item removed' },
  'duty_list.submitted': { zh: '提交审批', en: 'Submitted' },
  'duty_list.approved': { zh: '审批通过', en: 'Approved' },
  'duty_list.rejected': { zh: '退回', en: 'Rejected' },
  'duty_list.retired': { zh: '废止', en: 'Retired' },
};

export const PLACE_KIND_LABELS: Record<string, L> = {
  road: { zh: '道路', en: 'Road' },
  building: { zh: '建筑', en: 'Building' },
  place: { zh: '地点', en: 'Place' },
  community: { zh: '社区', en: 'Community' },
  poi: { zh: '地标', en: 'Landmark' },
};
