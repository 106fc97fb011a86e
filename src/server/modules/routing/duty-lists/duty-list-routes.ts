import { createRoute, z } from '@hono/zod-openapi';
import { router, STANDARD_ERRORS, json, IdParam } from '../../../http/openapi.ts';
import { requireStaff } from '../catalogue/routing-access.ts';
import { CATEGORY_CODE } from '../taxonomy/category-codes.ts';
import { addDutyItem, createDutyListDraft, DutyItemInput, DutyItemPatch, DutyListDraftInput, LIST_KINDS, removeDutyItem, UNIT_KINDS, updateDutyItem } from './duty-list-commands.ts';
import { approveDutyList, DecisionInput, RejectionInput, rejectDutyList, submitDutyList } from './duty-list-procedure.ts';
import { getDutyList, listDutyListEvents, listDutyLists } from './duty-list-queries.ts';
import { checkEntry } from './entry-control.ts';
import { queryId } from '../../../http/input-schemas.ts';

export const dutyListRoutes = router();
const tags = ['routing: duty lists'];
const Row = z.looseObject({});
const ItemParams = IdParam.extend({ code: z.string().openapi({ param: { name: 'code', in: 'path' }, example: 'CG-07' }) });
const Step = json(z.object({ id: z.number(), status: z.string(), replaced: z.number().nullable() }), 'New state');
const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const body = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });

dutyListRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/duty-lists', tags,
    summary: 'Duty lists and the other lists a unit works by (enforcement, approval), every version',
    request: {
      query: z.object({
        listKind: z.enum(LIST_KINDS).optional(),
        unitKind: z.enum(UNIT_KINDS).optional(),
        status: z.enum(['draft', 'submitted', 'active', 'retired', 'rejected']).optional(),
        scope: z.union([z.literal('city'), queryId()]).optional().openapi({ description: "'city' for the base lists, or the id of the district, street or township owning a variant" }),
      }),
    },
    responses: { 200: json(z.object({ items: z.array(Row) }), 'Lists'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireStaff(c.get('ctx').actor);
    const { scope, ...f } = c.req.valid('query');
    return c.json({ items: await listDutyLists(c.get('ctx').db, { ...f, scopeUnitId: scope }) }, 200);
  },
);

dutyListRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/duty-lists/{id}', tags,
    summary: 'One list version with its items and role shares',
    request: { params: IdParam },
    responses: { 200: json(Row, 'The list'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireStaff(c.get('ctx').actor);
    return c.json(await getDutyList(c.get('ctx').db, c.req.valid('param').id), 200);
  },
);

dutyListRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/duty-lists/{id}/events', tags,
    summary: 'The change history of a list version: each step with its actor, item edits with before and after',
    request: { params: IdParam },
    responses: { 200: json(z.object({ items: z.array(Row) }), 'Events'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireStaff(c.get('ctx').actor);
    return c.json({ items: await listDutyListEvents(c.get('ctx').db, c.req.valid('param').id) }, 200);
  },
);

dutyListRoutes.openapi(
  createRoute({
    method: 'post', path: '/api/duty-lists', tags,
    summary: 'Request a change: open a draft of the caller’s list (city: admin; district: its supervisors; street: its staff), copied from the list in force for it',
    request: { body: body(DutyListDraftInput) },
    responses: { 201: json(Row, 'The draft'), ...STANDARD_ERRORS },
  }),
  async (c) => c.json(await createDutyListDraft(c.get('ctx'), c.req.valid('json')), 201),
);

dutyListRoutes.openapi(
  createRoute({
    method: 'post', path: '/api/duty-lists/{id}/items', tags,
    summary: 'Add an item to a draft (the list owner)',
    request: { params: IdParam, body: body(DutyItemInput) },
    responses: { 201: json(Row, 'The item'), ...STANDARD_ERRORS },
  }),
  async (c) => c.json(await addDutyItem(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 201),
);

dutyListRoutes.openapi(
  createRoute({
    method: 'patch', path: '/api/duty-lists/{id}/items/{code}', tags,
    summary: 'Change an item of a draft (the list owner)',
    request: { params: ItemParams, body: body(DutyItemPatch) },
    responses: { 200: json(Row, 'The item'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const p = c.req.valid('param');
    return c.json(await updateDutyItem(c.get('ctx'), p.id, p.code, c.req.valid('json')), 200);
  },
);

dutyListRoutes.openapi(
  createRoute({
    method: 'delete', path: '/api/duty-lists/{id}/items/{code}', tags,
    summary: 'Remove an item from a draft (the list owner)',
    request: { params: ItemParams },
    responses: { 200: json(z.object({ code: z.string(), removed: z.boolean() }), 'Removed'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const p = c.req.valid('param');
    return c.json(await removeDutyItem(c.get('ctx'), p.id, p.code), 200);
  },
);

dutyListRoutes.openapi(
  createRoute({
    method: 'post', path: '/api/duty-lists/{id}/submit', tags,
    summary: 'Submit a draft for approval (the list owner)',
    request: { params: IdParam },
    responses: { 200: Step, ...STANDARD_ERRORS },
  }),
  async (c) => c.json(await submitDutyList(c.get('ctx'), c.req.valid('param').id), 200),
);

dutyListRoutes.openapi(
  createRoute({
    method: 'post', path: '/api/duty-lists/{id}/approve', tags,
    summary: 'Approve a submitted list: in force from now, the previous version retired (the district over the owner, or another administrator for a city list; not the submitter)',
    request: { params: IdParam, body: { content: { 'application/json': { schema: DecisionInput } }, required: false } },
    responses: { 200: Step, ...STANDARD_ERRORS },
  }),
  async (c) => c.json(await approveDutyList(c.get('ctx'), c.req.valid('param').id, c.req.valid('json') ?? {}), 200),
);

dutyListRoutes.openapi(
  createRoute({
    method: 'post', path: '/api/duty-lists/{id}/reject', tags,
    summary: 'Reject a submitted list with a reason (the district over the owner, or another administrator for a city list; not the submitter)',
    request: { params: IdParam, body: body(RejectionInput) },
    responses: { 200: Step, ...STANDARD_ERRORS },
  }),
  async (c) => c.json(await rejectDutyList(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200),
);

const EntryResult = z
  .object({ allowed: z.boolean(), basis: z.string().optional(), code: z.literal('entry_refused').optional(), reason: z.string().optional(), reasonZh: z.string().optional(), dutyItem: Row.optional() })
  .openapi('EntryCheck');

dutyListRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/routing/entry-check', tags,
    summary: '准入: may this unit be assigned an order of this category in this role? (200 either way; allowed=false carries the reason)',
    request: {
      query: z.object({
        unitId: queryId(),
        categoryCode: z.string().regex(CATEGORY_CODE),
        role: z.enum(['lead', 'co_handler']).default('lead'),
        emergency: Flag.optional(),
        districtApproved: Flag.optional(),
      }),
    },
    responses: { 200: json(EntryResult, 'The decision'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    requireStaff(ctx.actor);
    return c.json(await checkEntry(ctx.db, { ...c.req.valid('query'), at: ctx.now() }), 200);
  },
);
