import { z } from '@hono/zod-openapi';
import type { Ctx } from '../../lib/ctx.ts';
import { AppError, errorBody } from '../../lib/errors.ts';
import { ACTION_COMMANDS } from './work-order-commands.ts';
import { ACTION_INPUTS } from './work-order-schemas.ts';

const id = z.number().int().positive();
const Rows = z.array(z.object({ id, version: z.number().int().min(0) }).strict()).min(1).max(100);
const dispatchFields = ACTION_INPUTS.dispatch.omit({ version: true }).shape;
const reassignFields = ACTION_INPUTS.reassign.omit({ version: true }).shape;

export const BulkInput = z
  .discriminatedUnion('action', [
    z.object({ action: z.literal('dispatch'), orders: Rows, ...dispatchFields }).strict(),
    z.object({ action: z.literal('reassign'), orders: Rows, ...reassignFields }).strict(),
  ])
  .openapi('BulkActionInput');
export type BulkInput = z.infer<typeof BulkInput>;

export type BulkRowResult = { id: number; ok: true; code: string; status: string; version: number } | { id: number; ok: false; error: { code: string; message: string } };

/**
 * 批量派单 / 批量改派: the same decision applied to several orders, each in its own transaction with
 * the version the caller saw. One order's refusal (a stale version, 准入) does not undo the others:
 * every row reports what happened to it.
 */
export async function runBulk(ctx: Ctx, input: BulkInput, locale: string): Promise<BulkRowResult[]> {
  const { action, orders, ...rest } = input;
  const run = ACTION_COMMANDS[action] as (ctx: Ctx, id: number, input: unknown) => Promise<{ code: string; status: string; version: number }>;
  const out: BulkRowResult[] = [];
  for (const row of orders) {
    try {
      const o = await run(ctx, row.id, { ...rest, version: row.version });
      out.push({ id: row.id, ok: true, code: o.code, status: o.status, version: o.version });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      const body = errorBody(e, locale);
      out.push({ id: row.id, ok: false, error: { code: body.code, message: body.message } });
    }
  }
  return out;
}
