import type { Locale } from './i18n.ts';

type Issue = { path?: string; message?: string; code?: string };
type Pair = readonly [zh: string, en: string];

/** The fields people fill, named as the forms name them (the last part of the server's path). */
const FIELDS: Record<string, Pair> = {
  phone: ['联系电话', 'Phone'],
  name: ['姓名', 'Name'],
  title: ['标题', 'Title'],
  text: ['诉求内容', 'Request'],
  address: ['详细地址', 'Address'],
  channel: ['来源渠道', 'Channel'],
  requestType: ['诉求类型', 'Request type'],
  urgency: ['紧急程度', 'Urgency'],
  category: ['分类', 'Category'],
  note: ['备注', 'Note'],
  reason: ['理由', 'Reason'],
  result: ['办理结果', 'Result'],
  days: ['延期天数', 'Days'],
  leadUnitId: ['主办单位', 'Lead unit'],
  coHandlerUnitIds: ['协办单位', 'Co-handlers'],
  attachments: ['附件', 'Attachments'],
  contentBase64: ['附件', 'Attachment'],
  username: ['用户名', 'Username'],
  password: ['密码', 'Password'],
  code: ['工单编号', 'Code'],
  displayName: ['姓名', 'Name'],
  shortName: ['简称', 'Short name'],
  nameEn: ['英文名称', 'English name'],
  amount: ['时长', 'Duration'],
  warnBeforeMinutes: ['到期前预警分钟数', 'Warning minutes'],
  contestDays: ['评价申诉期', 'Contest period'],
};

const PROBLEMS: Record<string, Pair> = {
  too_small: ['未填写或太短', 'is missing or too short'],
  too_big: ['太长或太大', 'is too long or too large'],
  invalid_format: ['格式不正确', 'is not in the right format'],
  invalid_string: ['格式不正确', 'is not in the right format'],
  invalid_type: ['未填写或格式不正确', 'is missing or in the wrong format'],
  invalid_value: ['不是可选的值', 'is not one of the allowed values'],
  invalid_enum_value: ['不是可选的值', 'is not one of the allowed values'],
  unrecognized_keys: ['包含无法识别的内容', 'contains something unexpected'],
};

/**
 * A validation problem in words for the person at the form: the field as the form names it and what
 * is wrong, never the request's internal path or the validator's English.
 */
export function describeIssue(i: Issue, locale: Locale): string {
  const k = locale === 'en' ? 1 : 0;
  const last = (i.path ?? '').split('.').filter((s) => !/^\d+$/.test(s)).pop() ?? '';
  const field = FIELDS[last]?.[k] ?? (locale === 'en' ? 'One of the entries' : '某项内容');
  const problem = PROBLEMS[i.code ?? '']?.[k] ?? (locale === 'en' ? 'is not valid' : '无效');
  return locale === 'en' ? `${field} ${problem}.` : `${field}${problem}。`;
}
