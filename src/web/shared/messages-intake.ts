/** UI text of the intake helpers (places named in the text, answer templates): [中文, English]. */
export const INTAKE_MESSAGES = {
  'tp.title': ['内容中提到的地点', 'Places named in the request'],
  'tp.found': ['建议地点：{name}', 'Proposed place: {name}'],
  'tp.adopt': ['采用此地点', 'Use this place'],
  'tp.adopted': ['已采用', 'In use'],
  'tp.ambiguous': ['内容中的地名对应多个位置，未自动采用，请选择：', 'The names match places in more than one street; nothing is applied. Choose one:'],
  'tp.useThis': ['采用', 'Use'],
  'tp.appliedIfNone': ['未填写位置时，将按此地点登记。', 'Filed without a place, the order is placed here.'],
  'tp.kind.street': ['街道', 'street'],
  'tp.kind.community': ['社区', 'community'],
  'tp.kind.road': ['道路', 'road'],
  'tp.kind.building': ['楼宇', 'building'],
  'tp.kind.place': ['地点', 'place'],
  'tp.kind.poi': ['地点', 'place'],
} as const;
