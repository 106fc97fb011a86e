import type { Ctx } from '../../lib/ctx.ts';
import { transition } from './work-order-transition.ts';
import { decodeAttachments, storeAttachments } from './attachment-store.ts';
import { attachToStep } from './handling-commands.ts';
import type { ActionInputs } from './work-order-schemas.ts';

/** 核查: a grid member records on site whether the finished order is fixed, with photos and position. */
export async function verifyWorkOrder(ctx: Ctx, id: number, input: ActionInputs['verify']) {
  const files = await storeAttachments(ctx.db, decodeAttachments(input.attachments));
  return transition(ctx, id, 'verify', input.version, async (tx, order) => {
    await tx.query(
      `insert into work_order_verifications(order_id, outcome, note, lon, lat, verifier_id, at) values ($1, $2, $3, $4, $5, $6, $7)`,
      [order.id, input.outcome, input.note ?? null, input.lon ?? null, input.lat ?? null, ctx.actor?.userId ?? null, ctx.now()],
    );
    await attachToStep(tx, ctx, order.id, files);
    return {
      patch: input.outcome === 'confirmed' ? { verified_at: ctx.now() } : {},
      reason: input.note ?? null,
      data: { outcome: input.outcome, lon: input.lon ?? null, lat: input.lat ?? null, attachments: files.length },
    };
  });
}
