// 未诉先办 forecaster backtest on generated seasonal history (heating and flood shapes, the State
// Council holiday calendar): weekly MAPE of the forecaster and of the seasonal-naive baseline
// (each day as it was 364 days earlier), measured in the same run on the same weeks.
//   npx tsx bench/forecast.ts [--perDay 25] [--seeds 5]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { backtest, dayKindFrom, generateSeasonalHistory, SEASON_SHAPES } from '../src/server/modules/forecasts/seasonal-backtest.ts';

const { values } = parseArgs({ options: { perDay: { type: 'string', default: '25' }, seeds: { type: 'string', default: '5' } } });
const holidays = JSON.parse(readFileSync(new URL('../src/server/modules/deadlines/cn-holidays.json', import.meta.url), 'utf8')) as { days: { date: string; kind: 'holiday' | 'workday' }[] };
const dayKind = dayKindFrom(holidays.days);
const rows: Record<string, string | number>[] = [];
for (const shape of Object.keys(SEASON_SHAPES) as (keyof typeof SEASON_SHAPES)[]) {
  for (let seed = 1; seed <= Number(values.seeds); seed++) {
    const started = performance.now();
    const history = generateSeasonalHistory('2025-01-01', '2026-11-29', { shape, perDay: Number(values.perDay), growthPerYear: 0.2, seed }, dayKind);
    const r = backtest(history, dayKind);
    rows.push({ shape, seed, weeks: r.weeks, modelMape: +r.modelMape.toFixed(4), naiveMape: +r.naiveMape.toFixed(4), coverage80: +r.coverage.toFixed(2), ms: Math.round(performance.now() - started) });
  }
}
console.table(rows);
const mean = (k: string) => +(rows.reduce((s, r) => s + Number(r[k]), 0) / rows.length).toFixed(4);
console.log(JSON.stringify({ bench: 'forecast', runs: rows.length, perDay: Number(values.perDay), modelMape: mean('modelMape'), seasonalNaiveMape: mean('naiveMape'), coverage80: mean('coverage80'), wins: rows.filter((r) => r.modelMape < r.naiveMape).length }));
