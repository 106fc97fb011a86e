import { z } from '@hono/zod-openapi';
import { DECLINE_REASON_LABELS } from '../../../shared/labels.ts';
import { dbId, isoDateTime, queryId } from '../../http/input-schemas.ts';
import { ATTACHMENT_TYPES, attachmentTypeProblem } from '../../http/attachment-types.ts';

/** Input schemas at the edge: validation, the OpenAPI document and the console's types come from here. */
export const CHANNELS = ['phone', 'web', 'app', 'wechat', 'sms', 'email', 'grid'] as const;
export const REQUEST_TYPES = ['inquiry', 'help', 'complaint', 'report', 'suggestion'] as const;
export const URGENCIES = ['emergency', 'utilities', 'general', 'complex'] as const;
export const DECLINE_REASONS = Object.keys(DECLINE_REASON_LABELS) as [string, ...string[]];
export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;

const id = dbId();
const text = (max: number) => z.string().trim().min(1).max(max);
const version = dbId().openapi({ description: 'The order version you saw; a stale one is refused (409 version_conflict).' });

export const AttachmentInput = z
  .object({
    name: text(200),
    mime: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/i, 'a MIME type such as image/jpeg'),
    contentBase64: z.string().max(Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 4, 'attachment larger than 2 MB').regex(/^[A-Za-z0-9+/=\s]*$/, 'base64'),
  })
  .superRefine((a, c) => {
    const problem = attachmentTypeProblem(a.mime, a.contentBase64);
    // Point at the field to fix: the declared type when it is not accepted, else the content.
    if (problem) c.addIssue({ code: 'custom', message: problem, path: [ATTACHMENT_TYPES[a.mime.toLowerCase()] ? 'contentBase64' : 'mime'] });
  })
  .openapi('AttachmentInput');

export const LocationInput = z
  .object({
    districtId: id.optional(),
    streetId: id.optional(),
    communityId: id.optional(),
    gridId: id.optional(),
    address: z.string().trim().max(300).optional(),
    lon: z.number().min(-180).max(180).optional(),
    lat: z.number().min(-90).max(90).optional(),
  })
  .strict()
  .openapi('LocationInput');

export const RequesterInput = z
  .object({
    name: z.string().trim().max(50).optional(),
    phone: z.string().trim().regex(/^\+?[0-9][0-9 -]{4,19}$/, 'a phone number').optional(),
    anonymous: z.boolean().default(false),
  })
  .strict()
  .default({ anonymous: false });

export const IntakeInput = z
  .object({
    channel: z.enum(CHANNELS),
    requestType: z.enum(REQUEST_TYPES),
    title: text(200),
    text: text(5000),
    urgency: z.enum(URGENCIES).default('general'),
    category: z.string().trim().max(100).optional(),
    location: LocationInput.default({}),
    requester: RequesterInput,
    attachments: z.array(AttachmentInput).max(5).default([]),
  })
  .strict()
  .openapi('IntakeInput');
export type IntakeInput = z.infer<typeof IntakeInput>;

// 准入: a street or community outside its duty list is refused unless one of these is stated.
const entryOverrides = {
  emergency: z.boolean().optional().openapi({ description: 'An emergency: entry control (准入) does not apply' }),
  districtApproved: z.boolean().optional().openapi({ description: 'The district approved assigning this matter outside the duty list' }),
};

export const ACTION_INPUTS = {
  answer: z.object({ version, answer: text(5000) }),
  decline: z.object({ version, reason: z.enum(DECLINE_REASONS), note: z.string().trim().max(1000).optional() }),
  dispatch: z.object({
    version,
    leadUnitId: id,
    coHandlerUnitIds: z.array(id).max(10).default([]),
    note: z.string().trim().max(1000).optional(),
    ...entryOverrides,
  }),
  merge: z
    .object({
      version,
      intoOrderId: id.optional(),
      intoCode: z.string().regex(/^GD\d{14,}$/, 'a work-order code such as GD20261122000001').optional(),
      note: z.string().trim().max(1000).optional(),
    })
    .refine((v) => (v.intoOrderId === undefined) !== (v.intoCode === undefined), { message: 'give intoOrderId or intoCode', path: ['intoOrderId'] }),
  sign: z.object({ version }),
  dispute: z.object({ version, reason: text(1000), suggestedUnitId: id.optional() }),
  adjudicate: z.object({
    version,
    decision: z.enum(['redispatch', 'reject', 'onsite_check']),
    leadUnitId: id.optional(),
    coHandlerUnitIds: z.array(id).max(10).default([]),
    note: text(1000),
    ...entryOverrides,
  }),
  contact: z.object({ version, method: z.enum(['phone', 'visit', 'sms', 'other']).default('phone'), note: z.string().trim().max(1000).optional(), attachments: z.array(AttachmentInput).max(5).default([]) }),
  request_extension: z.object({
    version,
    reason: text(1000),
    days: z.number().int().min(1).max(60),
    requesterInformed: z.literal(true, { message: 'the requester must be informed before an extension is requested' }),
  }),
  decide_extension: z.object({ version, approve: z.boolean(), note: z.string().trim().max(1000).optional() }),
  escalate: z.object({ version, reason: text(1000) }),
  reassign: z.object({ version, leadUnitId: id, coHandlerUnitIds: z.array(id).max(10).default([]), note: text(1000), ...entryOverrides }),
  co_report: z.object({ version, report: text(5000) }),
  feedback: z.object({ version, result: text(5000), solved: z.boolean(), attachments: z.array(AttachmentInput).max(5).default([]) }),
  callback: z.object({
    version,
    valid: z.boolean(),
    contacted: z.boolean().optional(),
    solved: z.boolean().optional(),
    satisfaction: z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']).optional(),
    note: z.string().trim().max(1000).optional(),
  }),
  reopen: z.object({ version, reason: text(1000) }),
  close: z.object({ version, note: z.string().trim().max(1000).optional() }),
  request_exclusion: z.object({ version, reason: text(1000) }),
  decide_exclusion: z.object({ version, approve: z.boolean(), note: z.string().trim().max(1000).optional() }),
  supervise: z.object({ version, note: text(1000) }),
  recategorize: z.object({ version, category: z.string().trim().min(2).max(20), reason: z.string().trim().max(1000).optional() }),
  verify: z.object({
    version,
    outcome: z.enum(['confirmed', 'not_fixed']).openapi({ description: 'confirmed: fixed as the feedback says; not_fixed: the problem is still there' }),
    note: z.string().trim().max(1000).optional(),
    lon: z.number().min(-180).max(180).optional(),
    lat: z.number().min(-90).max(90).optional(),
    attachments: z.array(AttachmentInput).max(5).default([]),
  }),
} as const;

export type ActionInputs = { [K in keyof typeof ACTION_INPUTS]: z.infer<(typeof ACTION_INPUTS)[K]> };

export const ListQuery = z.object({
  queue: z.enum(['mine', 'all']).default('all'),
  status: z.string().optional().openapi({ description: 'comma-separated statuses' }),
  q: z.string().trim().max(100).optional().openapi({ description: 'search code, title, text, address and (where you may see it) the requester phone; ranked' }),
  overdue: z.enum(['true', 'false']).optional(),
  category: z.string().regex(/^\d{2}(\.\d{2}){0,2}$/, 'a category code such as 01.03').optional().openapi({ description: 'a category and everything under it' }),
  streetId: queryId().optional(),
  urgency: z.enum(URGENCIES).optional(),
  channel: z.enum(CHANNELS).optional(),
  leadUnitId: queryId().optional().openapi({ description: 'orders this unit leads (主办)' }),
  from: isoDateTime().optional().openapi({ description: 'received at or after' }),
  to: isoDateTime().optional().openapi({ description: 'received before' }),
  sort: z.enum(['received', 'due']).default('received').openapi({ description: 'received: newest first (or by rank when searching); due: open orders, soonest deadline first' }),
  cursor: z.string().max(200).optional().openapi({ description: 'nextCursor of the previous page' }),
  page: z.coerce.number().int().min(1).max(500).default(1).openapi({ description: 'deprecated: offset paging; use cursor' }),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
