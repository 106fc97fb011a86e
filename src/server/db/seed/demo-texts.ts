/**
 * Small labelled texts written for the demo city and the tests (a real message corpus is never part
 * of the repository): first-level classes of the taxonomy with their typical wording, varied by
 * place. Enough to start a demo classifier; a real installation trains on its own history.
 */
const PLACES = ['东四十条', '南锣鼓巷', '和平里中街', '东华门大街', '雍和宫大街', '崇文门外大街', '天坛东路', '北新桥'];
const TEMPLATES: Record<string, string[]> = {
  城乡建设: [
    '{p}有摊贩占道经营，噪音扰民，垃圾满地，希望城管管理',
    '{p}路灯不亮已经一周，晚上走路很危险，请尽快维修',
    '{p}井盖缺失破损，存在安全隐患，请相关部门处理',
    '{p}小区垃圾清运不及时，垃圾桶满溢，异味很大',
    '{p}附近工地夜间施工扰民，渣土车乱倒渣土',
  ],
  交通运输: [
    '{p}公交车站取消后居民出行不便，希望恢复公交线路',
    '{p}出租车拒载绕路，司机态度恶劣，要求处理',
    '{p}路口红绿灯时间太短，行人过马路不安全，建议调整信号灯',
    '{p}地铁站出口共享单车乱停放，堵塞通道',
    '{p}道路交通拥堵严重，违章停车占用车道',
  ],
  环境保护: [
    '{p}餐馆油烟直排，油烟味很大，影响居民开窗',
    '{p}附近工厂排放废气，空气中有刺鼻气味',
    '{p}河道水质发黑发臭，有污水直排',
    '{p}夜间施工噪声污染严重，超过环保标准',
    '{p}有人焚烧垃圾和落叶，烟雾很大污染空气',
  ],
  教育文体: [
    '{p}小学入学需要什么材料，学区划分怎么确定',
    '{p}校外培训机构收费后跑路，家长要求退费',
    '{p}社区图书馆开放时间太短，希望延长',
    '{p}附近幼儿园入园难，希望增加普惠性幼儿园学位',
    '{p}体育场馆收费过高，全民健身设施不足',
  ],
  卫生计生: [
    '{p}社区卫生服务中心看病排队时间太长',
    '{p}药店销售过期药品，要求查处',
    '{p}医院乱收费，检查项目重复收费',
    '{p}疫苗接种预约不上，请问在哪里接种',
    '{p}诊所无证行医，存在医疗安全隐患',
  ],
  商贸旅游: [
    '{p}商场购买的商品有质量问题，商家拒绝退货',
    '{p}超市价格标签与结账价格不一致',
    '{p}景区门票价格虚高，导游强制购物',
    '{p}预付卡健身房关门，会员卡余额无法退还',
    '{p}外卖食品有异物，商家态度恶劣',
  ],
  劳动和社会保障: [
    '在{p}附近公司工作，老板拖欠工资三个月不发，要求讨薪',
    '{p}单位不给缴纳社保，养老保险断缴，怎么办理',
    '退休人员养老金发放延迟，住{p}，请问原因',
    '{p}公司解除劳动合同不给经济补偿，申请劳动仲裁',
    '失业保险金怎么申领，户籍在{p}，需要什么材料',
  ],
};

/** Each text carries its template as `group`: texts of one template differ only by place, so they are held out together. */
export function syntheticTexts(perTemplate = 3): { label: string; title: string; text: string; group: string }[] {
  const out: { label: string; title: string; text: string; group: string }[] = [];
  for (const [label, templates] of Object.entries(TEMPLATES)) {
    templates.forEach((tpl, i) => {
      for (let k = 0; k < perTemplate; k++) {
        const p = PLACES[(i * 3 + k) % PLACES.length];
        const text = tpl.replace('{p}', p);
        out.push({ label, title: text.slice(0, 12), text, group: `${label}-${i + 1}` });
      }
    });
  }
  return out;
}

export function syntheticCsv(perTemplate = 3): string {
  const rows = syntheticTexts(perTemplate).map((d) => `${d.label},"${d.text.replaceAll('"', '""')}",${d.group}`);
  return ['label,text,group', ...rows].join('\n');
}
