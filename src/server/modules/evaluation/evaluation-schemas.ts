import { z } from '@hono/zod-openapi';
import { GROUPS, Month } from './evaluation-policy.ts';
import { DRILL_FILTERS } from './drilldown-queries.ts';

/** Request and response shapes of the evaluation API; the web imports the types from here. */

export const PeriodQuery = Month.openapi({ param: { name: 'period', in: 'query' }, example: '2026-03', description: 'The month the period ends in' });
export const UnitIdQuery = z.coerce.number().int().positive().openapi({ param: { name: 'unitId', in: 'query' }, example: 17 });
export const GroupQuery = z.enum(GROUPS).openapi({ param: { name: 'group', in: 'query' } });

export const ScoreSchema = z
  .object({
    unitId: z.number(),
    period: z.string(),
    validCallbacks: z.number(),
    contacted: z.number(),
    solved: z.number(),
    satisfied: z.number(),
    basicallySatisfied: z.number(),
    responseRate: z.number().describe('contacted / validCallbacks, 0–1'),
    resolutionRate: z.number().describe('solved / validCallbacks, 0–1'),
    satisfactionRate: z.number().describe('(satisfied + credit × basicallySatisfied) / validCallbacks, 0–1'),
    compositeScore: z.number().describe('0–100'),
    policyVersion: z.number(),
    hotlineScore: z.number().describe('The composite from the three rates alone'),
    whistleScore: z.number().nullable().describe('The whistle component (0–100) where the whistle module gives one'),
    periodStart: z.string(),
    periodEnd: z.string(),
  })
  .openapi('EvaluationScore');

export const RankingItemSchema = z
  .object({
    unitId: z.number(),
    code: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    rank: z.number().nullable().describe('null: below the minimum volume, listed unranked'),
    compositeScore: z.number(),
    responseRate: z.number(),
    resolutionRate: z.number(),
    satisfactionRate: z.number(),
    validCallbacks: z.number(),
    rankChange: z.number().nullable().describe('Places gained since the last period'),
    previousRank: z.number().nullable(),
    lagging: z.boolean().describe('治理类: flagged by the policy’s lagging rules'),
  })
  .openapi('EvaluationRankingItem');

export const RankingSchema = z
  .object({ group: z.string(), period: z.string(), policyVersion: z.number(), minimumVolume: z.number(), items: z.array(RankingItemSchema) })
  .openapi('EvaluationRanking');

export const DrillQuery = z.object({
  unitId: UnitIdQuery,
  period: PeriodQuery,
  filter: z.enum(DRILL_FILTERS).default('all').openapi({ param: { name: 'filter', in: 'query' } }),
  after: z.string().regex(/^\d+:\d+$/).optional().openapi({ param: { name: 'after', in: 'query' }, description: 'The `next` cursor of the page before' }),
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ param: { name: 'limit', in: 'query' } }),
});

export const ExportFormat = z.enum(['xlsx', 'csv']).default('xlsx').openapi({ param: { name: 'format', in: 'query' } });

export type ScoreView = z.infer<typeof ScoreSchema>;
export type RankingView = z.infer<typeof RankingSchema>;
export type RankingItemView = z.infer<typeof RankingItemSchema>;
