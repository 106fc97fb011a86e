import { z } from '@hono/zod-openapi';
import { AttachmentInput } from '../work-orders/work-order-schemas.ts';
import { LEADER_POSTS, WHISTLE_SCOPES, WHISTLE_TRIGGERS, WHISTLE_TYPES } from './whistle-tables.ts';

const Id = z.number().int().positive();
const Version = z.number().int().positive();
const Score = z.number().int().min(1).max(5);
const uniqueIds = (ids: number[]) => new Set(ids).size === ids.length;
const Photos = z.array(AttachmentInput).max(5).default([]).openapi({ description: 'Photos (and other files) of the scene, kept in the attachment store' });
/** On a stationed department's behalf the street names which department it reports for. */
const OnBehalf = Id.optional().openapi({ description: 'The department whose stationed staff (派驻人员) the street dispatched; only the street uses it' });

export const BlowInput = z
  .object({
    type: z.enum(WHISTLE_TYPES),
    trigger: z.enum(WHISTLE_TRIGGERS),
    title: z.string().trim().min(1).max(200),
    description: z.string().trim().min(1).max(5000),
    streetId: Id,
    workOrderIds: z.array(Id).max(50).default([]).refine(uniqueIds, 'duplicate ids'),
    summonedUnitIds: z.array(Id).max(30).refine(uniqueIds, 'duplicate ids'),
    stationedStaffIds: z.array(Id).max(30).default([]).refine(uniqueIds, 'duplicate ids')
      .openapi({ description: 'Routine whistles: stationed staff (派驻人员) the street dispatches directly; their departments are summoned through them' }),
    scope: z.enum(WHISTLE_SCOPES).optional().openapi({ description: '行政执法 enforcement, 应急处置 emergency or 重大任务 major_task; derived from type and trigger when omitted' }),
    scopeReason: z.string().trim().min(1).max(1000).optional(),
    categoryCodes: z.array(z.string().regex(/^\d{2}(\.\d{2}){0,2}$/)).max(20).optional(),
    place: z.string().trim().max(300).optional(),
    lon: z.number().min(-180).max(180).optional(),
    lat: z.number().min(-90).max(90).optional(),
    onSite: z.boolean().optional().openapi({ description: 'Units must arrive on site (default for emergency whistles)' }),
    photos: Photos,
  })
  .refine((b) => b.summonedUnitIds.length + b.stationedStaffIds.length > 0, { message: 'summon at least one unit or dispatch stationed staff', path: ['summonedUnitIds'] })
  .openapi('BlowWhistleInput');
export type BlowInput = z.infer<typeof BlowInput>;

export const ProposalInput = z
  .object({ streetId: Id, workOrderIds: z.array(Id).max(50).default([]), categoryCodes: z.array(z.string().regex(/^\d{2}(\.\d{2}){0,2}$/)).max(20).optional() })
  .openapi('WhistleProposalInput');

const V = { version: Version };
export const WHISTLE_ACTION_INPUTS = {
  report_in: z.object({
    ...V,
    person: z.string().trim().min(1).max(200).openapi({ description: 'Who comes (name, post, phone)' }),
    unitId: OnBehalf,
    leaderPost: z.enum(LEADER_POSTS).optional().openapi({ description: '双报到 on a 攻坚哨: which of the district leaders reports in (required for the district\'s summons)' }),
    lon: z.number().min(-180).max(180).optional(),
    lat: z.number().min(-90).max(90).optional(),
  }),
  record_action: z.object({ ...V, text: z.string().trim().min(1).max(5000), unitId: OnBehalf, photos: Photos }),
  release: z.object({ ...V, unitId: Id, reason: z.string().trim().min(1).max(1000) }),
  summon: z.object({ ...V, unitIds: z.array(Id).min(1).max(10).refine(uniqueIds, 'duplicate ids') }),
  escalate: z.object({ ...V, reason: z.string().trim().min(1).max(1000) }),
  close: z.object({ ...V, result: z.string().trim().min(1).max(5000).optional() }),
  rate: z.object({ ...V, unitId: Id, timeliness: Score, attitude: Score, effectiveness: Score, comment: z.string().trim().max(2000).default('') }),
  contest_rating: z.object({ ...V, unitId: Id.optional(), reason: z.string().trim().min(1).max(2000) }),
  decide_rating: z.object({
    ...V,
    unitId: Id,
    uphold: z.boolean(),
    note: z.string().trim().min(1).max(2000),
    revised: z.object({ timeliness: Score, attitude: Score, effectiveness: Score }).optional(),
  }),
} as const;
export type WhistleActionInputs = { [K in keyof typeof WHISTLE_ACTION_INPUTS]: z.infer<(typeof WHISTLE_ACTION_INPUTS)[K]> };

export const WhistleListQuery = z.object({
  status: z.enum(['open', 'closed', 'all']).default('all'),
  streetId: z.coerce.number().int().positive().optional(),
  workOrderId: z.coerce.number().int().positive().optional(),
  summoned: z.enum(['mine']).optional().openapi({ description: 'Only whistles that summon one of my units' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
