import { z } from '@hono/zod-openapi';
import type { Db, Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { dispatchWorkOrder } from './dispatch-commands.ts';
import { findReplay, intakeWorkOrder, replayScope, requestHash, type IntakeResult } from './intake-work-order.ts';
import { ACTION_INPUTS, IntakeInput } from './work-order-schemas.ts';

export const IntakeAndDispatchInput = z
  .object({
    order: IntakeInput,
    dispatch: ACTION_INPUTS.dispatch.omit({ version: true }).strict(),
  })
  .strict()
  .openapi('IntakeAndDispatchInput');
export type IntakeAndDispatchInput = z.infer<typeof IntakeAndDispatchInput>;

/** A handle whose queries run in `tx` and whose nested transactions join it. */
function joined(db: Db, tx: Queryable): Db {
  return { ...db, cache: tx.cache, query: (t, p) => tx.query(t, p), exec: (sql) => tx.exec(sql), transaction: (fn) => fn(tx) };
}

/**
 * 受理并派单: takes a request in and dispatches it to the units the dispatcher confirmed, in one
 * transaction. Either both happen or neither does: a refused dispatch (准入) leaves no order behind,
 * so the console never has to retry half a command.
 */
export async function intakeAndDispatch(ctx: Ctx, input: IntakeAndDispatchInput, idempotencyKey?: string): Promise<IntakeResult> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const inner: Ctx = { ...ctx, db: joined(ctx.db, tx) };
      const { order } = await intakeWorkOrder(inner, input.order, idempotencyKey);
      return { order: await dispatchWorkOrder(inner, order.id, { ...input.dispatch, version: order.version }), replayed: false };
    });
  } catch (e) {
    // A retry of a request that went through (its key is taken): answer with that order as it is now.
    if (idempotencyKey) {
      const prior = await findReplay(ctx.db, replayScope(ctx, input.order), idempotencyKey, requestHash(input.order));
      if (prior) return { order: prior, replayed: true };
    }
    throw e;
  }
}
