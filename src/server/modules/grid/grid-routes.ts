import { createRoute, z } from '@hono/zod-openapi';
import { router, STANDARD_ERRORS, json } from '../../http/openapi.ts';
import { requireActor } from '../../http/http-context.ts';
import { forbidden } from '../../lib/errors.ts';
import type { Queryable } from '../../db/client.ts';
import { OPEN_STATUSES } from '../work-orders/work-order-workflow.ts';

const Task = z
  .object({
    id: z.number(),
    code: z.string(),
    title: z.string(),
    status: z.string(),
    version: z.number(),
    channel: z.string(),
    urgency: z.string(),
    address: z.string().nullable(),
    receivedAt: z.string(),
    feedbackText: z.string().nullable(),
    verifiedAt: z.string().nullable(),
  })
  .openapi('GridTask');

type TaskRow = {
  id: number; code: string; title: string; status: string; version: number; channel: string; urgency: string;
  address: string | null; received_at: Date; feedback_text: string | null; verified_at: Date | null;
};

const COLUMNS = 'id, code, title, status, version, channel, urgency, address, received_at, feedback_text, verified_at';
const present = (r: TaskRow) => ({
  id: Number(r.id), code: r.code, title: r.title, status: r.status, version: r.version, channel: r.channel, urgency: r.urgency,
  address: r.address, receivedAt: r.received_at.toISOString(), feedbackText: r.feedback_text, verifiedAt: r.verified_at ? r.verified_at.toISOString() : null,
});

/**
 * A grid member's work list: finished orders in their grid that wait for their on-site check (those
 * they reported, with feedback not yet confirmed), and the open orders in their grid for the patrol.
 * Both read only orders of their grid, which is what a grid member may see.
 */
export async function gridTasks(q: Queryable, gridId: number) {
  const verify = await q.query<TaskRow>(
    `select ${COLUMNS} from work_orders
     where grid_id = $1 and channel = 'grid' and status in ('awaiting_callback', 'called_back') and feedback_at is not null
       and (verified_at is null or verified_at < feedback_at)
     order by feedback_at limit 100`,
    [gridId],
  );
  const patrol = await q.query<TaskRow>(
    `select ${COLUMNS} from work_orders where grid_id = $1 and status = any($2::text[]) order by received_at desc limit 100`,
    [gridId, OPEN_STATUSES],
  );
  return { verify: verify.rows.map(present), patrol: patrol.rows.map(present) };
}

export const gridRoutes = router();

gridRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/grid/tasks',
    tags: ['grid'],
    summary: 'The grid member’s tasks: orders in their grid waiting for an on-site check (核查), and open orders to look at on patrol',
    responses: { 200: json(z.object({ gridId: z.number(), verify: z.array(Task), patrol: z.array(Task) }), 'Tasks'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = requireActor(c);
    const gridId = actor.grants.find((g) => g.role === 'grid_member' && g.unitId !== null)?.unitId;
    if (!gridId) throw forbidden('Only grid members have grid tasks.', '仅网格员有网格任务。');
    return c.json({ gridId, ...(await gridTasks(c.get('ctx').db, gridId)) }, 200);
  },
);
