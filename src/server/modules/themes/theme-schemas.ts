import { z } from '@hono/zod-openapi';
import { dbId, isoDateProblem, isoDateTime } from '../../http/input-schemas.ts';
import { LONG_TERM_REASONS } from './theme-tables.ts';

const Version = z.number().int().positive();
const CategoryCode = z.string().regex(/^\d{2}(\.\d{2}){0,2}$/);
const Term = z.string().trim().min(1).max(20);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => isoDateProblem(s) === null, 'must be a real date YYYY-MM-DD');

export const ProblemInput = z.object({
  title: z.string().trim().min(1).max(300),
  categories: z.array(CategoryCode).max(10).default([]),
  terms: z.array(Term).max(10).default([]),
  streetIds: z.array(dbId()).max(30).default([]),
});

export const CreateThemeInput = z
  .object({
    title: z.string().trim().min(1).max(200),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).openapi({ example: '2026-11' }),
    summary: z.string().trim().max(5000).default(''),
    districtId: dbId().optional().openapi({ description: 'Required for the citywide hotline supervisor; a district supervisor’s own district otherwise' }),
    leadUnitId: dbId(),
    problems: z.array(ProblemInput).min(1).max(3).openapi({ description: '2–3 concrete problems per theme (at most 3)' }),
    source: z.object({ topTerms: z.array(z.string().max(40)).max(20), counts: z.array(z.number().int().min(0)).max(60), orderIds: z.array(dbId()).max(50) }).optional(),
  })
  .openapi('CreateMonthlyThemeInput');
export type CreateThemeInput = z.infer<typeof CreateThemeInput>;

const V = { version: Version };
export const THEME_ACTION_INPUTS = {
  add_problem: z.object({ ...V, ...ProblemInput.shape }),
  add_task: z.object({ ...V, title: z.string().trim().min(1).max(300), ownerUnitId: dbId(), dueAt: isoDateTime(), problemId: dbId().optional() }),
  update_task: z.object({ ...V, taskId: dbId(), progress: z.string().trim().min(1).max(2000) }),
  complete_task: z.object({ ...V, taskId: dbId(), progress: z.string().trim().max(2000).optional() }),
  add_policy: z.object({
    ...V,
    title: z.string().trim().min(1).max(300),
    issuedOn: isoDate,
    text: z.string().trim().max(10000).default(''),
    link: z.string().trim().max(500).regex(/^https?:\/\/\S+$/).optional(),
  }),
  close: z.object({ ...V, result: z.string().trim().max(5000).optional() }),
} as const;
export type ThemeActionInputs = { [K in keyof typeof THEME_ACTION_INPUTS]: z.infer<(typeof THEME_ACTION_INPUTS)[K]> };

export const TopicQuery = z.object({
  days: z.coerce.number().int().min(1).max(31).default(7),
  windows: z.coerce.number().int().min(2).max(12).default(5),
  streetId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  clusters: z.coerce.number().int().min(2).max(120).optional().openapi({ description: 'How many clusters (default ~√(orders/10), 4–80)' }),
});

export const LongTermInput = z
  .object({
    orderId: dbId(),
    reasonKind: z.enum(LONG_TERM_REASONS).openapi({ description: '法规政策 policy, 历史遗留 history, 属地管辖 jurisdiction' }),
    reason: z.string().trim().min(1).max(2000),
    reviewDays: z.number().int().min(1).max(365).default(30),
  })
  .openapi('LongTermInput');

export const LONG_TERM_ACTION_INPUTS = {
  review: z.object({ version: Version, note: z.string().trim().min(1).max(2000) }),
  supervise: z.object({ version: Version, note: z.string().trim().min(1).max(2000) }),
  resolve: z.object({ version: Version, note: z.string().trim().min(1).max(2000) }),
} as const;
