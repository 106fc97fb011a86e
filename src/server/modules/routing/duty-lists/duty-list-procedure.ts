import { z } from '@hono/zod-openapi';
import type { Ctx } from '../../../lib/ctx.ts';
import { forbidden } from '../../../lib/errors.ts';
import { forgetRouting } from '../catalogue/routing-snapshot.ts';
import { requireStaff } from '../catalogue/routing-access.ts';
import { assertMayDecide, assertMayEdit, loadScope } from './duty-list-scope.ts';
import { appendListEvent, lockList, wrongState } from './duty-list-commands.ts';

/*
 * The approval procedure as a table: which state an action starts from, where it leads, who may
 * take it. Approving puts the list in force from now and retires the one it replaces (valid_to),
 * so orders and proposals made before keep pointing at the version that applied to them.
 * Who may take a step depends on whose list it is (duty-list-scope.ts): its owner submits, the
 * level above (or, for the city, another administrator) decides. Approving replaces only the
 * owner's own list in force; other owners' variants stay as they are.
 */
type Action = 'submit' | 'approve' | 'reject';
const PROCEDURE: Record<Action, { from: string; to: string; by: 'owner' | 'decider'; zh: string }> = {
  submit: { from: 'draft', to: 'submitted', by: 'owner', zh: '提交审批' },
  approve: { from: 'submitted', to: 'active', by: 'decider', zh: '审批通过' },
  reject: { from: 'submitted', to: 'rejected', by: 'decider', zh: '退回' },
};

export const DecisionInput = z.object({ note: z.string().trim().max(1000).optional() }).openapi('DutyListDecision');
export const RejectionInput = z.object({ note: z.string().trim().min(2).max(1000) }).openapi('DutyListRejection');

async function step(ctx: Ctx, listId: number, action: Action, note?: string) {
  const rule = PROCEDURE[action];
  const actor = requireStaff(ctx.actor);
  const now = ctx.now();
  const out = await ctx.db.transaction(async (tx) => {
    const list = await lockList(tx, listId);
    const scope = await loadScope(tx, list.scope_unit_id);
    if (rule.by === 'owner') assertMayEdit(actor, scope, list.unit_kind);
    else assertMayDecide(actor, scope);
    if (list.status !== rule.from) throw wrongState(list, action);
    // four eyes: the one who asked for the change does not approve it
    if (action !== 'submit' && list.submitted_by === actor.userId) {
      throw forbidden('You submitted this list; someone else must decide on it.', '不能审批本人提交的职责清单变更。', { submittedBy: list.submitted_by });
    }
    let replaced: number | null = null;
    if (action === 'submit') {
      await tx.query(`update duty_lists set status = 'submitted', submitted_by = $2, submitted_at = $3 where id = $1`, [listId, actor.userId, now]);
    } else if (action === 'reject') {
      await tx.query(`update duty_lists set status = 'rejected', decided_by = $2, decided_at = $3, decision_note = $4 where id = $1`, [listId, actor.userId, now, note ?? null]);
    } else {
      const old = (await tx.query<{ id: number }>(
        `select id from duty_lists where list_kind = $1 and unit_kind = $2 and scope_unit_id is not distinct from $3 and status = 'active' for update`,
        [list.list_kind, list.unit_kind, list.scope_unit_id],
      )).rows[0];
      if (old) {
        // retire first: the unique index allows one active list per kind
        await tx.query(`update duty_lists set status = 'retired', valid_to = $2 where id = $1`, [old.id, now]);
        await appendListEvent(tx, old.id, 'duty_list.retired', actor.userId, now, { supersededBy: listId });
        replaced = old.id;
      }
      await tx.query(
        `update duty_lists set status = 'active', valid_from = $2, valid_to = null, decided_by = $3, decided_at = $2, decision_note = $4 where id = $1`,
        [listId, now, actor.userId, note ?? null],
      );
    }
    const type = { submit: 'duty_list.submitted', approve: 'duty_list.approved', reject: 'duty_list.rejected' }[action];
    await appendListEvent(tx, listId, type, actor.userId, now, { note: note ?? null, ...(action === 'approve' ? { supersedes: replaced } : {}) });
    return { id: listId, status: rule.to, replaced };
  });
  await forgetRouting(ctx.db);
  return out;
}

export const submitDutyList = (ctx: Ctx, listId: number) => step(ctx, listId, 'submit');
export const approveDutyList = (ctx: Ctx, listId: number, input: z.infer<typeof DecisionInput> = {}) => step(ctx, listId, 'approve', input.note);
export const rejectDutyList = (ctx: Ctx, listId: number, input: z.infer<typeof RejectionInput>) => step(ctx, listId, 'reject', input.note);
