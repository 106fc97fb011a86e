import { createRoute, z } from '@hono/zod-openapi';
import { IdParam, json, router, STANDARD_ERRORS } from '../../http/openapi.ts';
import { requireActor } from '../../http/http-context.ts';
import { AppError } from '../../lib/errors.ts';
import { ListQuery } from './work-order-schemas.ts';
import { tableDownload } from '../../lib/table-export.ts';
import { EXPORT_COLUMNS, exportRows } from './queue-export.ts';

/** Saved views of the work queue (per person) and the export of a view. */
export const queueViewRoutes = router();
const tags = ['work orders'];

const View = z.object({ id: z.number(), name: z.string(), query: z.string(), updatedAt: z.string() }).openapi('QueueView');
const ViewInput = z
  .object({
    name: z.string().trim().min(1).max(50),
    query: z.string().max(1000).openapi({ description: 'the queue’s URL query string, e.g. status=received&urgency=emergency&sort=due' }),
  })
  .strict()
  .openapi('QueueViewInput');

// The view's own keys besides the list's filters: the column the page sorts by within a page, and the scope.
const VIEW_ONLY = ['col', 'dir'];

function checkQuery(query: string): string {
  const params = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const list: Record<string, string> = {};
  for (const [k, v] of params) if (!VIEW_ONLY.includes(k)) list[k] = v;
  const r = ListQuery.safeParse(list);
  const unknown = Object.keys(list).filter((k) => !(k in ListQuery.shape));
  if (!r.success || unknown.length) {
    throw new AppError('validation_failed', 'The view’s query is not one the queue understands.', { field: 'query', unknown }, '视图的筛选条件无效。');
  }
  params.delete('cursor');
  params.delete('page');
  return params.toString();
}

const present = (r: { id: number; name: string; query: string; updated_at: Date }) => ({ id: r.id, name: r.name, query: r.query, updatedAt: r.updated_at.toISOString() });

queueViewRoutes.openapi(
  createRoute({ method: 'get', path: '/api/queue-views', tags, summary: 'My saved queue views', responses: { 200: json(z.object({ items: z.array(View) }), 'The views'), ...STANDARD_ERRORS } }),
  async (c) => {
    const actor = requireActor(c);
    const r = await c.get('ctx').db.query<{ id: number; name: string; query: string; updated_at: Date }>('select id, name, query, updated_at from queue_views where user_id = $1 order by name', [actor.userId]);
    return c.json({ items: r.rows.map(present) }, 200);
  },
);

queueViewRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/api/queue-views',
    tags,
    summary: 'Save a queue view under a name (a view of the same name is replaced)',
    request: { body: { content: { 'application/json': { schema: ViewInput } }, required: true } },
    responses: { 200: json(View, 'The saved view'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = requireActor(c);
    const ctx = c.get('ctx');
    const input = c.req.valid('json');
    const r = await ctx.db.query<{ id: number; name: string; query: string; updated_at: Date }>(
      `insert into queue_views(user_id, name, query, created_at, updated_at) values ($1, $2, $3, $4, $4)
       on conflict (user_id, name) do update set query = excluded.query, updated_at = excluded.updated_at
       returning id, name, query, updated_at`,
      [actor.userId, input.name, checkQuery(input.query), ctx.now()],
    );
    return c.json(present(r.rows[0]), 200);
  },
);

queueViewRoutes.openapi(
  createRoute({ method: 'delete', path: '/api/queue-views/{id}', tags, summary: 'Delete one of my saved views', request: { params: IdParam }, responses: { 200: json(z.object({ ok: z.boolean() }), 'Deleted'), ...STANDARD_ERRORS } }),
  async (c) => {
    const actor = requireActor(c);
    const { id } = c.req.valid('param');
    const r = await c.get('ctx').db.query('delete from queue_views where id = $1 and user_id = $2 returning id', [id, actor.userId]);
    if (!r.rows.length) throw new AppError('not_found', `Queue view ${id} not found.`, { id }, '未找到该视图。');
    return c.json({ ok: true }, 200);
  },
);

queueViewRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/queue-export',
    tags,
    summary: 'The current queue view as CSV or XLSX (streamed; your visibility; requester phones masked as on the order page)',
    request: { query: ListQuery.extend({ format: z.enum(['csv', 'xlsx']).default('csv') }) },
    responses: { 200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string() } } }, ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = requireActor(c);
    const { format, ...f } = c.req.valid('query');
    return tableDownload(format, 'work-orders', '工单 Orders', EXPORT_COLUMNS, exportRows(c.get('ctx').db, actor, f, c.get('locale'))) as never;
  },
);
