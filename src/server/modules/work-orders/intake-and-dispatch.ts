import { z } from '@hono/zod-openapi';
import type { Db, Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { answerWorkOrder, dispatchWorkOrder } from './dispatch-commands.ts';
import type { OrderRow } from './work-order-access.ts';
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

export const IntakeAndAnswerInput = z
  .object({ order: IntakeInput, answer: ACTION_INPUTS.answer.shape.answer })
  .strict()
  .openapi('IntakeAndAnswerInput');
export type IntakeAndAnswerInput = z.infer<typeof IntakeAndAnswerInput>;

/** A handle whose queries run in `tx` and whose nested transactions join it. */
function joined(db: Db, tx: Queryable): Db {
  return { ...db, cache: tx.cache, query: (t, p) => tx.query(t, p), exec: (sql) => tx.exec(sql), transaction: (fn) => fn(tx) };
}

/**
 * 受理并派单: takes a request in and dispatches it to the units the dispatcher confirmed, in one
 * transaction. Either both happen or neither does: a refused dispatch (准入) leaves no order behind,
 * so the console never has to retry half a command.
 */
export function intakeAndDispatch(ctx: Ctx, input: IntakeAndDispatchInput, idempotencyKey?: string): Promise<IntakeResult> {
  return intakeThen(ctx, input.order, idempotencyKey, (inner, order) => dispatchWorkOrder(inner, order.id, { ...input.dispatch, version: order.version }));
}

/** 受理并直接答复: an inquiry answered on the call (often from an answer template), in one transaction. */
export function intakeAndAnswer(ctx: Ctx, input: IntakeAndAnswerInput, idempotencyKey?: string): Promise<IntakeResult> {
  return intakeThen(ctx, input.order, idempotencyKey, (inner, order) => answerWorkOrder(inner, order.id, { answer: input.answer, version: order.version }));
}

async function intakeThen(ctx: Ctx, orderInput: IntakeInput, idempotencyKey: string | undefined, then: (inner: Ctx, order: OrderRow) => Promise<OrderRow>): Promise<IntakeResult> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const inner: Ctx = { ...ctx, db: joined(ctx.db, tx) };
      const { order } = await intakeWorkOrder(inner, orderInput, idempotencyKey);
      return { order: await then(inner, order), replayed: false };
    });
  } catch (e) {
    // A retry of a request that went through (its key is taken): answer with that order as it is now.
    if (idempotencyKey) {
      const prior = await findReplay(ctx.db, replayScope(ctx, orderInput), idempotencyKey, requestHash(orderInput));
      if (prior) return { order: prior, replayed: true };
    }
    throw e;
  }
}
