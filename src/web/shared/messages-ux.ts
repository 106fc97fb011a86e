/** UI text for the keyboard-safe forms, proposals on the order page, photos and phone layout: [中文, English]. */
export const UX_MESSAGES = {
  'dispatch.confirm': ['确认派往：{unit}？', 'Dispatch to {unit}?'],
  'dispatch.confirmWithCo': ['确认派往：{unit}（协办：{co}）？', 'Dispatch to {unit} (co-handlers: {co})?'],
  'dispatch.confirmYes': ['确认派单', 'Yes, dispatch'],
  'dispatch.confirmBack': ['返回修改', 'Go back and change'],
  'dispatch.suggestedByStreet': ['退单单位建议改派：{unit}（已预填，可修改）', 'The disputing unit suggests {unit} (prefilled; you may change it)'],
  'dispute.suggestedUnit': ['建议承办单位', 'Suggested unit'],
  'cls.title': ['分类建议', 'Proposed category'],
  'cls.proposal': ['建议', 'Proposal'],
  'cls.confidence': ['置信度 {pct}%', 'confidence {pct}%'],
  'cls.model': ['模型 v{v}', 'model v{v}'],
  'cls.uncertain': ['不确定', 'uncertain'],
  'cls.uncertainHint': ['置信度低于 60%，请人工核对分类', 'Confidence under 60%: check the category yourself'],
  'f.daysNatural': ['延期天数（自然日）', 'Extra days (calendar days)'],
  'console.toPortal': ['前往市民诉求门户', 'Go to the citizen portal'],
  'routing.since': ['此后已改派：现由 {unit} 主办（{when}）。以下是首次派单时的建议。', 'Re-routed since: {unit} now leads ({when}). Below is the proposal at first dispatch.'],
} as const satisfies Record<string, readonly [string, string]>;
