import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { router, STANDARD_ERRORS, json, IdParam } from '../../http/openapi.ts';
import { requireActor, type Env } from '../../http/http-context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { ACTION_INPUTS, IntakeInput, ListQuery } from './work-order-schemas.ts';
import { ACTION_COMMANDS } from './work-order-commands.ts';
import { intakeWorkOrder } from './intake-work-order.ts';
import { intakeAndAnswer, IntakeAndAnswerInput, intakeAndDispatch, IntakeAndDispatchInput } from './intake-and-dispatch.ts';
import { BulkInput, runBulk } from './bulk-actions.ts';
import { getWorkOrderDetail, listWorkOrders, workOrderStats } from './work-order-queries.ts';
import { canSee, callsRequesters } from './work-order-access.ts';
import { trackingSecretFor } from '../portal/tracking-secret.ts';
import { readAttachment } from './attachment-store.ts';
import type { AttachmentRow } from './work-order-tables.ts';
import type { OrderRow } from './work-order-access.ts';
import type { Queryable } from '../../db/client.ts';
import { ATTACHMENT_TYPES } from '../../http/attachment-types.ts';
import { ACTION_LABELS } from '../../../shared/labels.ts';
import type { Action } from './work-order-workflow.ts';
import { queryId } from '../../http/input-schemas.ts';

const Detail = z.looseObject({ id: z.number(), code: z.string(), status: z.string(), version: z.number() }).openapi('WorkOrder');
const Page = z
  .looseObject({
    total: z.number().openapi({ description: 'exact when totalExact; otherwise at least this many (counting stops there)' }),
    totalExact: z.boolean(),
    nextCursor: z.string().nullable().openapi({ description: 'pass as cursor for the next page; null on the last page' }),
    page: z.number(),
    pageSize: z.number(),
    items: z.array(z.looseObject({ id: z.number() })),
  })
  .openapi('WorkOrderPage');

export const workOrderRoutes = router();

/** What an intake command answers: lean (intake is the busiest call), with the secret the agent reads out. */
const createdBody = async (db: Queryable, order: OrderRow) => ({
  id: order.id, code: order.code, status: order.status, version: order.version, urgency: order.urgency, receivedAt: order.received_at, trackingSecret: await trackingSecretFor(db, order.id),
});

workOrderRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/work-orders',
    tags: ['work orders'],
    summary: '受理 Intake a request as a work order',
    description: 'Agents, dispatchers and grid members take in requests; citizens file through the portal. Send an Idempotency-Key header to make retries safe.',
    request: {
      headers: z.object({ 'idempotency-key': z.string().min(8).max(200).optional() }),
      body: { content: { 'application/json': { schema: IntakeInput } }, required: true },
    },
    responses: { 201: json(Detail, 'Created'), 200: json(Detail, 'Replayed: the order this Idempotency-Key created'), 422: STANDARD_ERRORS[400], ...STANDARD_ERRORS },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const { order, replayed } = await intakeWorkOrder(ctx, c.req.valid('json'), c.req.valid('header')['idempotency-key']);
    if (replayed) c.header('Idempotent-Replayed', 'true');
    // A lean answer: intake is the busiest call; the full order is one GET away (Location).
    c.header('Location', `/api/work-orders/${order.id}`);
    return c.json(
      {
        id: order.id, code: order.code, status: order.status, version: order.version, urgency: order.urgency, receivedAt: order.received_at, dueDispatchAt: order.due_dispatch_at,
        // read out to the caller with the code: the two open the portal's tracking page
        trackingSecret: await trackingSecretFor(ctx.db, order.id),
      },
      replayed ? 200 : 201,
    );
  },
);

workOrderRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/work-orders/intake-and-dispatch',
    tags: ['work orders'],
    summary: '受理并派单 Intake a request and dispatch it to the confirmed units, in one transaction',
    description: 'Dispatchers accept the proposal at intake: either the order is created and dispatched, or nothing is created (a refused dispatch leaves no order). Send an Idempotency-Key header to make retries safe.',
    request: {
      headers: z.object({ 'idempotency-key': z.string().min(8).max(200).optional() }),
      body: { content: { 'application/json': { schema: IntakeAndDispatchInput } }, required: true },
    },
    responses: { 201: json(Detail, 'Created and dispatched'), 200: json(Detail, 'Replayed: the order this Idempotency-Key created'), 422: STANDARD_ERRORS[400], ...STANDARD_ERRORS },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const { order, replayed } = await intakeAndDispatch(ctx, c.req.valid('json'), c.req.valid('header')['idempotency-key']);
    if (replayed) c.header('Idempotent-Replayed', 'true');
    c.header('Location', `/api/work-orders/${order.id}`);
    return c.json(await createdBody(ctx.db, order), replayed ? 200 : 201);
  },
);

workOrderRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/work-orders/intake-and-answer',
    tags: ['work orders'],
    summary: '受理并直接答复 Intake an inquiry and answer it on the spot, in one transaction',
    description: 'Agents answer inquiries at intake (often from an answer template): either the order is created and answered, or nothing is created. Send an Idempotency-Key header to make retries safe.',
    request: {
      headers: z.object({ 'idempotency-key': z.string().min(8).max(200).optional() }),
      body: { content: { 'application/json': { schema: IntakeAndAnswerInput } }, required: true },
    },
    responses: { 201: json(Detail, 'Created and answered'), 200: json(Detail, 'Replayed: the order this Idempotency-Key created'), 422: STANDARD_ERRORS[400], ...STANDARD_ERRORS },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const { order, replayed } = await intakeAndAnswer(ctx, c.req.valid('json'), c.req.valid('header')['idempotency-key']);
    if (replayed) c.header('Idempotent-Replayed', 'true');
    c.header('Location', `/api/work-orders/${order.id}`);
    return c.json(await createdBody(ctx.db, order), replayed ? 200 : 201);
  },
);

workOrderRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/work-orders',
    tags: ['work orders'],
    summary: 'List the work orders you may see, or your work queue (queue=mine)',
    request: { query: ListQuery },
    responses: { 200: json(Page, 'A page of orders'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = requireActor(c);
    return c.json(await listWorkOrders(c.get('ctx').db, actor, c.req.valid('query')), 200);
  },
);

workOrderRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/work-orders/stats',
    tags: ['work orders'],
    summary: 'Counts of the orders you may see: by status, currently overdue, received today',
    responses: {
      200: json(z.object({ total: z.number(), open: z.number(), overdueOpen: z.number(), receivedToday: z.number(), byStatus: z.record(z.string(), z.number()) }), 'Counts'),
      ...STANDARD_ERRORS,
    },
  }),
  async (c) => {
    const actor = requireActor(c);
    return c.json(await workOrderStats(c.get('ctx').db, actor, c.get('ctx').now()), 200);
  },
);

workOrderRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/work-orders/{id}',
    tags: ['work orders'],
    summary: 'One work order with its timeline and the actions you may take now',
    request: { params: IdParam },
    responses: { 200: json(Detail, 'The order'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = requireActor(c);
    const db = c.get('ctx').db;
    const detail = await getWorkOrderDetail(db, actor, c.req.valid('param').id);
    // The hotline repeats it to a caller who lost it; nobody else needs it.
    if (callsRequesters(actor)) Object.assign(detail, { trackingSecret: await trackingSecretFor(db, detail.id) });
    return c.json(detail, 200);
  },
);

workOrderRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/work-orders/{id}/attachments/{attachmentId}',
    tags: ['work orders'],
    summary: 'Download an attachment',
    request: { params: IdParam.extend({ attachmentId: queryId().openapi({ param: { name: 'attachmentId', in: 'path' } }) }) },
    responses: { 200: { description: 'The file' }, ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = requireActor(c);
    const { id, attachmentId } = c.req.valid('param');
    const db = c.get('ctx').db;
    if (!(await canSee(db, actor, { id }))) throw notFound('work order', id);
    const a = (await db.query<AttachmentRow>('select name, mime, content, sha256 from attachments where id = $1 and order_id = $2', [attachmentId, id])).rows[0];
    const bytes = a ? await readAttachment(db, a) : null;
    if (!a || !bytes) throw notFound('attachment', attachmentId);
    // Never rendered on our origin: a download, typed only if the type is one we accept, in a sandbox.
    c.header('content-type', ATTACHMENT_TYPES[a.mime.toLowerCase()] ? a.mime : 'application/octet-stream');
    c.header('content-disposition', `attachment; filename="${a.name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(a.name)}`);
    c.header('content-security-policy', "sandbox; default-src 'none'");
    c.header('x-content-type-options', 'nosniff');
    return c.body(bytes as unknown as ArrayBuffer, 200);
  },
);

workOrderRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/work-orders/bulk',
    tags: ['work-order actions'],
    summary: '批量派单/改派 Dispatch or reassign several orders to the same units; each row reports its own result',
    request: { body: { content: { 'application/json': { schema: BulkInput } }, required: true } },
    responses: {
      200: json(z.object({ results: z.array(z.looseObject({ id: z.number(), ok: z.boolean() })) }), 'One result per order, in the order sent'),
      ...STANDARD_ERRORS,
    },
  }),
  async (c) => {
    requireActor(c);
    return c.json({ results: await runBulk(c.get('ctx'), c.req.valid('json'), c.get('locale')) }, 200);
  },
);

for (const action of Object.keys(ACTION_INPUTS) as Action[]) {
  workOrderRoutes.openapi(
    createRoute({
      method: 'post',
      path: `/api/work-orders/{id}/${action.replaceAll('_', '-')}`,
      tags: ['work-order actions'],
      summary: `${ACTION_LABELS[action].zh} ${ACTION_LABELS[action].en}`,
      request: { params: IdParam, body: { content: { 'application/json': { schema: ACTION_INPUTS[action] } }, required: true } },
      responses: { 200: json(Detail, 'The order after the action'), ...STANDARD_ERRORS },
    }),
    async (c: Context<Env>) => {
      const actor = requireActor(c);
      const ctx = c.get('ctx');
      const id = Number(c.req.param('id'));
      const input = (c.req as unknown as { valid(t: 'json'): unknown }).valid('json');
      const run = ACTION_COMMANDS[action] as (ctx: unknown, id: number, input: unknown) => Promise<{ id: number; code: string; status: string; version: number }>;
      const order = await run(ctx, id, input);
      try {
        return c.json(await getWorkOrderDetail(ctx.db, actor, order.id), 200);
      } catch (e) {
        // The action handed the order away (a dispute re-dispatched elsewhere): the caller may no longer see it.
        if (e instanceof AppError && e.code === 'not_found') return c.json({ id: order.id, code: order.code, status: order.status, version: order.version }, 200);
        throw e;
      }
    },
  );
}
