import type { Ctx } from '../../lib/ctx.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { z } from '@hono/zod-openapi';
import { decodeAttachments, storeAttachments } from './attachment-store.ts';
import type { AttachmentInput } from './work-order-schemas.ts';
import { attachToStep } from './handling-commands.ts';
import { appendEvent } from './work-order-transition.ts';
import { TERMINAL } from './work-order-workflow.ts';
import type { OrderRow } from './work-order-tables.ts';

export const INFORMATION_ADDED = 'work_order.information_added';

/**
 * The requester adds to an open request (what changed, a new photo). It changes no state, so it is
 * no action of the transition table: an event on the order's timeline, with its photos, that the
 * handling unit reads; the version stays, so nobody's open form goes stale over it.
 */
export async function addRequesterInformation(ctx: Ctx, orderId: number, input: { text: string; attachments: z.infer<typeof AttachmentInput>[] }) {
  const actor = ctx.actor;
  const files = await storeAttachments(ctx.db, decodeAttachments(input.attachments));
  return ctx.db.transaction(async (tx) => {
    const o = (await tx.query<OrderRow>('select * from work_orders where id = $1 for update', [orderId])).rows[0];
    if (!o || !actor || o.requester_user_id !== actor.userId) throw notFound('work order', orderId);
    if (TERMINAL.includes(o.status)) {
      throw new AppError('invalid_transition', `Request ${o.code} is finished; file a new one.`, { status: o.status }, '该诉求已办结，如有新情况请重新提交诉求。');
    }
    await attachToStep(tx, ctx, o.id, files);
    await tx.query('update work_orders set updated_at = $2 where id = $1', [o.id, ctx.now()]);
    await appendEvent(tx, ctx, o.id, {
      type: INFORMATION_ADDED,
      grant: { role: 'citizen', unitId: null, unitPath: null, districtId: null },
      from: o.status,
      to: o.status,
      data: { text: input.text, attachments: files.length },
    });
    return { code: o.code, status: o.status };
  });
}
