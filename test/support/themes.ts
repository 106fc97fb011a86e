import type { TestApp } from './test-app.ts';
import { DEMO, intake } from './factories.ts';

const DAY = 86_400_000;
export const HEATING = ['暖气不热，室内温度低，请供暖单位检修', '暖气不热，室内温度很低，请供暖单位尽快检修', '家中暖气不热，室内温度低，请供暖单位检修'];
export const OTHER = ['夜间工地施工噪音扰民，影响休息', '路口车辆乱停乱放占道，行人无法通行', '门口垃圾堆放多日无人清运，气味难闻', '公园健身器材损坏，存在安全隐患'];

/**
 * Five weeks of requests in 东华门街道 from the test clock on: each week four on other matters and
 * two about heating, then eight about heating in the fifth week. Leaves the clock an hour into the fifth week.
 */
export async function intakeHeatingSurge(t: TestApp): Promise<{ heating: number[]; other: number[] }> {
  const streetId = await t.unitId(DEMO.streets.donghuamen);
  const start = t.now().getTime();
  const heating: number[] = [];
  const other: number[] = [];
  for (let w = 0; w < 5; w++) {
    t.clock.t = start + w * 7 * DAY;
    for (let i = 0; i < 4; i++) {
      t.advance(60_000);
      other.push((await intake(t, { title: OTHER[i].slice(0, 12), text: OTHER[i], location: { streetId, address: `东华门大街${w}${i}号` } })).id);
    }
    for (let i = 0; i < (w === 4 ? 8 : 2); i++) {
      t.advance(60_000);
      heating.push((await intake(t, { title: '暖气不热', text: HEATING[i % 3], location: { streetId, address: `东华门小区${w}${i}号楼` } })).id);
    }
  }
  return { heating, other };
}
