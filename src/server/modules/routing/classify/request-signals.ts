/**
 * Request type and urgency from the wording, for when no model has been trained on them yet. The
 * rules are deliberately few and visible (each hit is returned as the reason); a model trained on
 * dispatchers' corrections replaces them once there is enough history.
 */
type Signal<T extends string> = { value: T; words: string[] };

const REQUEST_TYPE_SIGNALS: Signal<'inquiry' | 'help' | 'complaint' | 'report' | 'suggestion'>[] = [
  { value: 'report', words: ['举报', '违法', '违规经营', '偷排', '私搭乱建', '违建', '黑车', '无证'] },
  { value: 'suggestion', words: ['建议', '希望增设', '能否增加', '提议', '意见'] },
  { value: 'inquiry', words: ['咨询', '请问', '如何办理', '怎么办理', '是否可以', '需要什么材料', '在哪里办', '政策'] },
  { value: 'help', words: ['求助', '帮忙', '救助', '困难', '被困', '走失'] },
  { value: 'complaint', words: ['投诉', '扰民', '噪音', '不作为', '拖欠', '乱收费', '占道', '太吵', '异味'] },
];

const URGENCY_SIGNALS: Signal<'emergency' | 'utilities' | 'complex'>[] = [
  { value: 'emergency', words: ['燃气泄漏', '煤气泄漏', '着火', '火灾', '坍塌', '倒塌', '触电', '有人被困', '疫情', '中毒', '爆炸', '井盖丢失'] },
  { value: 'utilities', words: ['停水', '停电', '停气', '没有暖气', '暖气不热', '供暖', '水管爆裂', '爆管', '断电', '燃气', '自来水', '暴雨', '积水', '暴雪'] },
  { value: 'complex', words: ['多次反映', '多年', '历史遗留', '多个部门', '一直没有解决', '反复'] },
];

function firstHits<T extends string>(signals: Signal<T>[], text: string) {
  for (const s of signals) {
    const hits = s.words.filter((w) => text.includes(w));
    if (hits.length) return { value: s.value, words: hits };
  }
  return null;
}

export function requestTypeFromWords(text: string) {
  return firstHits(REQUEST_TYPE_SIGNALS, text);
}

export function urgencyFromWords(text: string) {
  return firstHits(URGENCY_SIGNALS, text);
}
