/**
 * What the generated city talks about: topics on taxonomy categories with their share of calls,
 * their season, and texts written for this generator ("标题|正文", {p} = the place). Inquiries are
 * answered on the spot; the rest are dispatched. Shares are indicative of a central Beijing district:
 * heating dominates winter, rain and water the summer, street order and neighbourhood nuisance the rest.
 */
export type Season = 'flat' | 'heating' | 'heatingFees' | 'summer' | 'rain' | 'warm' | 'school' | 'yearEnd';

export type Topic = { code: string; weight: number; season: Season; texts: string[]; answers?: string[] };

/** Month multipliers, January first. */
export const SEASONS: Record<Season, number[]> = {
  flat: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  heating: [3.2, 2.6, 1.6, 0.3, 0.05, 0.05, 0.05, 0.05, 0.1, 0.6, 3.4, 3.8],
  heatingFees: [1, 0.6, 0.4, 0.2, 0.1, 0.1, 0.1, 0.2, 0.6, 2.2, 2.6, 1.6],
  summer: [0.5, 0.5, 0.7, 0.9, 1.2, 1.6, 2, 1.9, 1.2, 0.8, 0.6, 0.5],
  rain: [0.05, 0.05, 0.1, 0.3, 0.6, 1.6, 4.5, 4, 1, 0.3, 0.1, 0.05],
  warm: [0.6, 0.6, 0.9, 1.2, 1.3, 1.3, 1.2, 1.2, 1.2, 1.1, 0.9, 0.6],
  school: [0.6, 0.8, 0.9, 1, 1.4, 1.8, 1.6, 2, 1.4, 0.7, 0.6, 0.6],
  yearEnd: [2.4, 1.6, 0.8, 0.7, 0.7, 0.7, 0.7, 0.7, 0.8, 0.9, 1.3, 2.4],
};

export const DISPATCH_TOPICS: Topic[] = [
  { code: '01.02.17', weight: 6, season: 'warm', texts: [
    '占道经营扰民|{p}每天傍晚有摊贩占道经营，噪音扰民，垃圾满地，希望城管管理',
    '店外经营堵路|{p}的商户把货架摆到人行道上，行人只能走机动车道，很危险',
    '早市占道|{p}早市摊位占满道路，早高峰车辆无法通行' ] },
  { code: '01.02.18', weight: 5, season: 'summer', texts: [
    '垃圾清运不及时|{p}垃圾桶满溢好几天没人清运，异味很大，招来很多蚊蝇',
    '垃圾分类无人指导|{p}小区垃圾分类桶站没有人值守，居民乱扔，厨余垃圾混放',
    '建筑垃圾乱堆|{p}有人把装修垃圾堆在楼道口，堵塞消防通道' ] },
  { code: '01.02.19', weight: 6, season: 'flat', texts: [
    '违章停车堵路|{p}路边长期有车辆违章停放，占用消防通道，救护车都进不来',
    '停车收费不规范|{p}路侧停车场收费员不开票，收费标准不清楚',
    '僵尸车占位|{p}有一辆车停了半年没人动，落满灰尘，占用车位' ] },
  { code: '01.02.20', weight: 4, season: 'warm', texts: [
    '背街小巷脏乱|{p}胡同里堆满杂物，墙面乱贴小广告，环境很差',
    '胡同私搭乱建|{p}有住户在胡同里私自搭建棚子，占用公共空间',
    '路面破损积水|{p}胡同路面坑洼不平，一下雨就积水，老人出行不便' ] },
  { code: '01.02.25', weight: 5, season: 'warm', texts: [
    '夜间施工扰民|{p}附近工地夜里十一点以后还在施工，噪音很大，影响休息',
    '渣土车遗撒|{p}渣土车没有苫盖，沿路遗撒，扬尘严重',
    '装修噪音|{p}楼上装修周末一早就开始砸墙，物业不管' ] },
  { code: '01.02.23', weight: 1, season: 'flat', texts: [
    '井盖缺失|{p}人行道上的井盖丢失，已经有人差点掉进去，请尽快处理',
    '井盖破损下沉|{p}机动车道上的井盖破损下沉，车辆经过咣当作响' ] },
  { code: '01.02.24', weight: 3, season: 'warm', texts: [
    '共享单车乱停|{p}地铁口共享单车堆成山，盲道和出口都被堵住了',
    '共享单车堵门|{p}小区门口停满共享单车，消防车都过不去' ] },
  { code: '01.02.12', weight: 6, season: 'flat', texts: [
    '物业不作为|{p}小区电梯坏了一个多星期，物业一直不修，老人上下楼很困难',
    '小区门禁损坏|{p}小区门禁系统坏了很久，外来人员随意进出，存在安全隐患',
    '楼道灯不亮|{p}楼道灯坏了好几个月，晚上上楼看不见' ] },
  { code: '01.02.04', weight: 3, season: 'flat', texts: [
    '路灯不亮|{p}路灯不亮已经一周，晚上走路很危险，请尽快维修',
    '公共座椅损坏|{p}公园里的座椅断裂，孩子玩耍时容易受伤' ] },
  { code: '01.02.09', weight: 2, season: 'summer', texts: [
    '树枝遮挡|{p}行道树树枝长得太密，遮挡交通信号灯，需要修剪',
    '绿地被占|{p}小区绿地被人圈起来种菜，破坏公共绿化' ] },
  { code: '01.03.02', weight: 3, season: 'warm', texts: [
    '违章建筑|{p}有住户在楼顶私自加盖房屋，影响楼体安全',
    '私搭乱建|{p}底商私自扩建门脸，占用人行道' ] },
  { code: '01.02.21', weight: 1, season: 'flat', texts: [
    '开墙打洞|{p}临街住户把承重墙打开改成商铺，担心楼体安全' ] },
  { code: '04.02.12', weight: 3, season: 'summer', texts: [
    '餐饮油烟扰民|{p}楼下餐馆油烟直排，油烟味很大，家里不敢开窗',
    '烧烤油烟|{p}夜市烧烤摊烟雾很大，还有油污流到路面' ] },
  { code: '04.02.13', weight: 4, season: 'summer', texts: [
    '广场舞噪音|{p}每天晚上广场舞音响声音太大，一直到十点多',
    '商户音响扰民|{p}商户门口大音量播放促销广告，整天不停',
    '空调外机噪音|{p}邻居空调外机噪音很大，晚上睡不着' ] },
  { code: '16.01.01', weight: 8, season: 'heating', texts: [
    '暖气不热|{p}家里暖气不热，室温只有十四五度，老人孩子受不了',
    '室温不达标|{p}供暖以来室温一直不达标，找热力公司也没有解决',
    '暖气温度低|{p}整栋楼暖气温度偏低，希望尽快排查管线' ] },
  { code: '16.01.03', weight: 3, season: 'heating', texts: [
    '暖气漏水|{p}楼道里暖气管线漏水，地面结冰，很危险',
    '暖气跑水|{p}家里暖气片接口跑水，已经泡了楼下邻居家' ] },
  { code: '16.01.02', weight: 2, season: 'heating', texts: [
    '突然停暖|{p}小区突然停暖，也没有通知什么时候恢复' ] },
  { code: '16.02.01', weight: 3, season: 'summer', texts: [
    '突然停水|{p}从早上开始停水，没有提前通知，生活很不方便',
    '频繁停水|{p}这个月已经停水三次了，希望查明原因' ] },
  { code: '16.02.04', weight: 2, season: 'summer', texts: [
    '供水管线漏水|{p}路面有自来水往外冒，已经流了一天' ] },
  { code: '16.05.02', weight: 2, season: 'rain', texts: [
    '雨水口堵塞|{p}雨水口被落叶和垃圾堵住，下雨积水排不出去',
    '污水外溢|{p}下水道反味，污水从井口溢出来' ] },
  { code: '17.02.01', weight: 2, season: 'rain', texts: [
    '暴雨积水|{p}暴雨后路面积水很深，车辆熄火，行人无法通过',
    '地下室进水|{p}暴雨导致小区地下室进水，需要抽水' ] },
  { code: '16.03.01', weight: 2, season: 'summer', texts: [
    '停电|{p}整个楼停电好几个小时，天气炎热，冰箱里的东西都坏了' ] },
  { code: '16.04.03', weight: 1, season: 'heatingFees', texts: [
    '燃气表故障|{p}燃气表不走字，打燃气公司电话一直没人上门' ] },
  { code: '12.04.01', weight: 2, season: 'summer', texts: [
    '食品安全|{p}在一家小饭馆吃饭后腹泻，怀疑食材不新鲜',
    '售卖过期食品|{p}超市货架上有过期食品在售' ] },
  { code: '11.04.11', weight: 3, season: 'flat', texts: [
    '预付卡退费难|{p}健身房关门跑路，预付卡里还有几千元无法退费',
    '商家拒绝退货|{p}商场店铺拒绝七天无理由退货，态度恶劣' ] },
  { code: '15.06.04', weight: 3, season: 'yearEnd', texts: [
    '拖欠工资|{p}装修工地老板拖欠农民工工资三个月，一直推脱',
    '欠薪讨要|{p}公司拖欠两个月工资后失联，多名员工讨薪无门' ] },
  { code: '06.01.04', weight: 2, season: 'flat', texts: [
    '网约车绕路|{p}打网约车司机故意绕路，多收了车费，平台不处理' ] },
  { code: '01.02.06', weight: 2, season: 'flat', texts: [
    '公交车站设置不合理|{p}公交站台太窄，高峰期乘客只能站在机动车道上等车',
    '公交车不进站|{p}公交车经常不进站停靠，乘客追车很危险' ] },
  { code: '14.02.09', weight: 1, season: 'school', texts: [
    '培训机构退费|{p}校外培训机构收费后停课，家长要求退费' ] },
  { code: '01.10.03', weight: 3, season: 'flat', texts: [
    '物业服务差|{p}物业费年年涨，保洁却越来越差，楼道很久没人打扫' ] },
];

export const INQUIRY_TOPICS: Topic[] = [
  { code: '15.01.04', weight: 6, season: 'yearEnd', texts: [
    '医保缴费咨询|请问城乡居民医疗保险今年什么时候缴费，在哪里缴',
    '医保报销咨询|在{p}附近的社区医院看病，医保能报销多少' ],
    answers: ['已告知城乡居民医保集中缴费期及线上缴费渠道', '已告知门诊报销比例和起付线，建议就近定点医疗机构就医'] },
  { code: '15.02.01', weight: 5, season: 'flat', texts: [
    '养老保险咨询|想问一下养老保险断缴了还能补缴吗',
    '退休手续咨询|明年退休，请问退休手续需要准备哪些材料' ],
    answers: ['已告知补缴政策及办理地点', '已告知退休办理所需材料和办理流程'] },
  { code: '15.03.05', weight: 5, season: 'flat', texts: [
    '公积金提取咨询|租房提取住房公积金需要什么材料，能在网上办吗',
    '公积金贷款咨询|公积金贷款额度怎么计算' ],
    answers: ['已告知租房提取条件和线上办理入口', '已告知贷款额度计算方式并提供咨询电话'] },
  { code: '15.04.02', weight: 3, season: 'school', texts: [
    '就业补贴咨询|失业后有什么就业补贴可以申请',
    '灵活就业咨询|灵活就业人员怎么办理社保登记' ],
    answers: ['已告知失业登记及补贴申领条件', '已告知灵活就业参保登记流程'] },
  { code: '16.01.04', weight: 4, season: 'heatingFees', texts: [
    '供暖费咨询|今年供暖费什么时候交，收费标准是多少',
    '供暖时间咨询|今年什么时候开始供暖，{p}小区归哪个供热单位' ],
    answers: ['已告知供暖费缴纳时间和收费标准', '已告知供暖开始时间及所属供热单位联系方式'] },
  { code: '17.01.03', weight: 2, season: 'yearEnd', texts: [
    '疫苗接种咨询|{p}附近哪里可以接种流感疫苗，需要预约吗' ],
    answers: ['已告知就近接种点和预约方式'] },
  { code: '14.02.05', weight: 3, season: 'school', texts: [
    '入学咨询|孩子今年上小学，{p}对应哪个学区，需要什么材料',
    '学籍转学咨询|孩子转学到{p}的学校，学籍怎么转' ],
    answers: ['已告知学区划片查询方式和入学材料清单', '已告知转学学籍办理流程'] },
  { code: '09.08.06', weight: 3, season: 'flat', texts: [
    '养老助餐咨询|{p}有没有老年餐桌，老人怎么申请助餐服务',
    '居家养老咨询|家里老人失能，能申请哪些居家养老服务' ],
    answers: ['已告知就近养老助餐点和申请方式', '已告知居家养老服务申请条件和街道联系电话'] },
  { code: '09.08.02', weight: 2, season: 'flat', texts: [
    '婚姻登记咨询|结婚登记需要提前预约吗，需要带什么证件' ],
    answers: ['已告知婚姻登记预约方式和所需证件'] },
  { code: '13.04.01', weight: 3, season: 'school', texts: [
    '户口迁移咨询|把户口迁到{p}需要办理哪些手续',
    '身份证补办咨询|身份证丢了，在哪里可以补办，要多久' ],
    answers: ['已告知户口迁移办理条件和流程', '已告知就近派出所补办身份证流程和时间'] },
  { code: '01.02.10', weight: 2, season: 'flat', texts: [
    '地铁运营时间咨询|请问{p}附近地铁站末班车是几点' ],
    answers: ['已告知末班车时间及查询方式'] },
];

/** Phrases a caller adds, so two calls on one topic are rarely word for word the same. */
export const ADDENDA = ['', '', '', '希望尽快处理。', '已经反映过多次了。', '请相关部门尽快解决。', '麻烦尽快派人来看看。', '谢谢。'];

export const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
export const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红燕鹏辉建国志文斌宁浩宇欣怡晨梓轩雪梅海波亮婷倩颖';
