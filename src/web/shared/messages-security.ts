/** Portal strings for tracking by secret. [zh-CN, en] */
export const SECURITY_MESSAGES = {
  'track.secret': ['查询码', 'Tracking secret'],
  'track.secretHint': ['提交诉求时显示的查询码，如 7K3QD-M9XPA', 'Shown when you filed the request, e.g. 7K3QD-M9XPA'],
  'track.secretLabel': ['查询码（请妥善保存，仅显示这一次）：', 'Tracking secret (keep it safe; it is shown this once):'],
  'track.keep': ['凭诉求编号和查询码可随时查询办理进度；手机号不能用于查询。遗失查询码请致电 12345。', 'The code and the secret show the progress at any time; a phone number does not. If you lose the secret, call 12345.'],
  'track.copy': ['复制编号和查询码', 'Copy code and secret'],
  'track.copied': ['已复制', 'Copied'],
} as const;
