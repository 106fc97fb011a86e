import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { router, STANDARD_ERRORS, json, IdParam } from '../../http/openapi.ts';
import { requireActor, type Env } from '../../http/http-context.ts';
import { hasRole } from '../../lib/ctx.ts';
import { forbidden } from '../../lib/errors.ts';
import { BlowInput, ProposalInput, WHISTLE_ACTION_INPUTS, WhistleListQuery } from './whistle-schemas.ts';
import { blowWhistle, presentBlown } from './blow-whistle.ts';
import { getWhistleDetail, listWhistles } from './whistle-queries.ts';
import { proposeSummons } from './whistle-proposal.ts';
import { whistleStats } from './whistle-stats.ts';
import { createWhistlePolicy, whistlePolicies, WhistlePolicyInput } from './whistle-policy.ts';
import { WHISTLE_COMMANDS } from './whistle-command-table.ts';
import { WHISTLE_ACTION_ZH, type WhistleAction } from './whistle-workflow.ts';
import { listStationed, listSupervisions, registerStationed, removeStationed, StationedInput, superviseUnit, SupervisionInput } from './coordination-commands.ts';
import { readWhistlePhoto } from './whistle-photos.ts';
import { queryId } from '../../http/input-schemas.ts';
import { ATTACHMENT_TYPES } from '../../http/attachment-types.ts';

const Whistle = z
  .looseObject({ id: z.number(), version: z.number(), status: z.string(), reportIns: z.array(z.looseObject({ unitId: z.number(), dueAt: z.string(), status: z.string() })) })
  .openapi('Whistle');

export const whistleRoutes = router();

whistleRoutes.openapi(
  createRoute({
    method: 'post', path: '/api/whistles', tags: ['whistles'], summary: '吹哨 Blow a whistle: summon units to report in',
    description: 'Street or township staff (a community through its street). Only for 行政执法、应急处置、重大任务 (422 out_of_scope otherwise).',
    request: { body: { content: { 'application/json': { schema: BlowInput } }, required: true } },
    responses: { 201: json(Whistle, 'Blown'), 422: STANDARD_ERRORS[400], ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    const ctx = c.get('ctx');
    const b = await blowWhistle(ctx, c.req.valid('json'));
    // A lean answer from what the transaction wrote: blowing is the busy call; the full page is one GET away (Location).
    c.header('Location', `/api/whistles/${b.whistle.id}`);
    return c.json(presentBlown(b) as z.infer<typeof Whistle>, 201);
  },
);

whistleRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/whistles', tags: ['whistles'], summary: 'The whistles you may see (board)',
    request: { query: WhistleListQuery },
    responses: { 200: json(z.object({ items: z.array(z.looseObject({ id: z.number() })) }), 'Whistles'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = requireActor(c);
    const ctx = c.get('ctx');
    return c.json((await listWhistles(ctx.db, actor, c.req.valid('query'), ctx.now())) as { items: { id: number }[] }, 200);
  },
);

whistleRoutes.openapi(
  createRoute({
    method: 'post', path: '/api/whistles/proposal', tags: ['whistles'], summary: 'Whom to summon, proposed from the duty, enforcement and approval lists',
    request: { body: { content: { 'application/json': { schema: ProposalInput } }, required: true } },
    responses: { 200: json(z.looseObject({ units: z.array(z.looseObject({ unitId: z.number() })) }), 'Proposal'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = requireActor(c);
    if (!hasRole(actor, 'street_staff', 'district_supervisor', 'admin')) throw forbidden('Only streets and the district blow whistles.', '仅街乡和区级可以吹哨。');
    const ctx = c.get('ctx');
    return c.json(await proposeSummons(ctx.db, { ...c.req.valid('json'), at: ctx.now() }), 200);
  },
);

whistleRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/whistles/stats', tags: ['whistles'], summary: '区级统筹平台: whistle rate per street and each unit’s load',
    responses: { 200: json(z.looseObject({ streets: z.array(z.looseObject({})), units: z.array(z.looseObject({})) }), 'Figures'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = requireActor(c);
    const ctx = c.get('ctx');
    return c.json((await whistleStats(ctx.db, actor, ctx.now())) as never, 200);
  },
);

whistleRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/whistle-policies', tags: ['whistles'], summary: 'Report-in limit versions per whistle type',
    responses: { 200: json(z.object({ items: z.array(z.looseObject({ id: z.number() })) }), 'Versions'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    return c.json({ items: await whistlePolicies(c.get('ctx').db) } as never, 200);
  },
);

whistleRoutes.openapi(
  createRoute({
    method: 'post', path: '/api/whistle-policies', tags: ['whistles'], summary: 'Publish report-in limits; whistles already blown keep theirs (admin)',
    request: { body: { content: { 'application/json': { schema: WhistlePolicyInput } }, required: true } },
    responses: { 201: json(z.looseObject({ id: z.number(), version: z.number() }), 'Published'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = requireActor(c);
    if (!hasRole(actor, 'admin')) throw forbidden('Only administrators publish whistle policies.', '仅管理员可发布报到时限。');
    return c.json((await createWhistlePolicy(c.get('ctx'), c.req.valid('json'))) as never, 201);
  },
);

whistleRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/whistles/{id}', tags: ['whistles'], summary: 'One whistle: summons, actions, ratings, linked orders, timeline, your actions',
    request: { params: IdParam },
    responses: { 200: json(Whistle, 'The whistle'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = requireActor(c);
    const ctx = c.get('ctx');
    return c.json((await getWhistleDetail(ctx.db, actor, c.req.valid('param').id, ctx.now())) as z.infer<typeof Whistle>, 200);
  },
);

for (const action of Object.keys(WHISTLE_ACTION_INPUTS) as WhistleAction[]) {
  whistleRoutes.openapi(
    createRoute({
      method: 'post', path: `/api/whistles/{id}/${action.replaceAll('_', '-')}`, tags: ['whistle actions'], summary: `${WHISTLE_ACTION_ZH[action]} ${action}`,
      request: { params: IdParam, body: { content: { 'application/json': { schema: WHISTLE_ACTION_INPUTS[action] } }, required: true } },
      responses: { 200: json(Whistle, 'The whistle after the action'), ...STANDARD_ERRORS },
    }),
    async (c: Context<Env>) => {
      const actor = requireActor(c);
      const ctx = c.get('ctx');
      const id = Number(c.req.param('id'));
      const input = (c.req as unknown as { valid(t: 'json'): unknown }).valid('json');
      const run = WHISTLE_COMMANDS[action] as (ctx: unknown, id: number, input: unknown) => Promise<{ id: number }>;
      await run(ctx, id, input);
      return c.json((await getWhistleDetail(ctx.db, actor, id, ctx.now())) as z.infer<typeof Whistle>, 200);
    },
  );
}

const StreetParam = z.object({ streetId: z.coerce.number().int().positive().openapi({ param: { name: 'streetId', in: 'path' } }) });

whistleRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/streets/{streetId}/stationed-staff', tags: ['whistles'], summary: '派驻人员: staff departments keep at the street',
    request: { params: StreetParam },
    responses: { 200: json(z.object({ items: z.array(z.looseObject({ id: z.number() })) }), 'Register'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    return c.json({ items: (await listStationed(c.get('ctx'), c.req.valid('param').streetId)) as { id: number }[] }, 200);
  },
);

whistleRoutes.openapi(
  createRoute({
    method: 'post', path: '/api/streets/{streetId}/stationed-staff', tags: ['whistles'], summary: 'Register a department’s stationed staff member at the street',
    request: { params: StreetParam, body: { content: { 'application/json': { schema: StationedInput } }, required: true } },
    responses: { 201: json(z.looseObject({ id: z.number() }), 'Registered'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    return c.json((await registerStationed(c.get('ctx'), c.req.valid('param').streetId, c.req.valid('json'))) as never, 201);
  },
);

whistleRoutes.openapi(
  createRoute({
    method: 'post', path: '/api/whistle-supervisions', tags: ['whistles'], summary: 'District supervision of a unit: reminder, priority or interview (约谈)',
    request: { body: { content: { 'application/json': { schema: SupervisionInput } }, required: true } },
    responses: { 201: json(z.looseObject({ id: z.number() }), 'Recorded'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    return c.json((await superviseUnit(c.get('ctx'), c.req.valid('json'))) as never, 201);
  },
);

whistleRoutes.openapi(
  createRoute({
    method: 'delete', path: '/api/streets/{streetId}/stationed-staff/{staffId}', tags: ['whistles'], summary: 'Take a stationed staff member off the street’s register',
    request: { params: StreetParam.extend({ staffId: queryId().openapi({ param: { name: 'staffId', in: 'path' } }) }) },
    responses: { 204: { description: 'Removed' }, ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    const { streetId, staffId } = c.req.valid('param');
    await removeStationed(c.get('ctx'), streetId, staffId);
    return c.body(null, 204);
  },
);

whistleRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/whistle-supervisions', tags: ['whistles'], summary: 'The district’s supervision records (reminders, priorities, 约谈)',
    responses: { 200: json(z.object({ items: z.array(z.looseObject({ id: z.number() })) }), 'Records'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    return c.json({ items: (await listSupervisions(c.get('ctx'))) as { id: number }[] }, 200);
  },
);

whistleRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/whistles/{id}/photos/{photoId}', tags: ['whistles'], summary: 'A photo of a whistle or of a unit’s action',
    request: { params: IdParam.extend({ photoId: queryId().openapi({ param: { name: 'photoId', in: 'path' } }) }) },
    responses: { 200: { description: 'The file' }, ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = requireActor(c);
    const { id, photoId } = c.req.valid('param');
    const { row, bytes } = await readWhistlePhoto(c.get('ctx').db, actor, id, photoId);
    // Served as the work-order attachments are: typed only if accepted, never rendered as a page on our origin.
    c.header('content-type', ATTACHMENT_TYPES[row.mime.toLowerCase()] ? row.mime : 'application/octet-stream');
    c.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(row.name)}`);
    c.header('content-security-policy', "sandbox; default-src 'none'");
    c.header('x-content-type-options', 'nosniff');
    c.header('cache-control', 'private, max-age=86400');
    return c.body(bytes as unknown as ArrayBuffer, 200);
  },
);
