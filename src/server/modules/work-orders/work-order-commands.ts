import type { Ctx } from '../../lib/ctx.ts';
import type { Action } from './work-order-workflow.ts';
import type { ActionInputs } from './work-order-schemas.ts';
import type { OrderRow } from './work-order-access.ts';
import * as d from './dispatch-commands.ts';
import * as h from './handling-commands.ts';
import * as r from './review-commands.ts';
import { verifyWorkOrder } from './verify-commands.ts';

/** One command per action of the workflow table; the routes and the CLI look them up here. */
export const ACTION_COMMANDS: { [A in Action]: (ctx: Ctx, id: number, input: ActionInputs[A]) => Promise<OrderRow> } = {
  answer: d.answerWorkOrder,
  decline: d.declineWorkOrder,
  dispatch: d.dispatchWorkOrder,
  merge: d.mergeWorkOrder,
  adjudicate: d.adjudicateDispute,
  reassign: d.reassignWorkOrder,
  sign: h.signWorkOrder,
  dispute: h.disputeWorkOrder,
  contact: h.contactRequester,
  request_extension: h.requestExtension,
  escalate: h.escalateWorkOrder,
  co_report: h.reportAsCoHandler,
  feedback: h.submitFeedback,
  decide_extension: r.decideExtension,
  callback: r.recordCallback,
  reopen: r.reopenWorkOrder,
  close: r.closeWorkOrder,
  request_exclusion: r.requestExclusion,
  decide_exclusion: r.decideExclusion,
  supervise: r.superviseWorkOrder,
  recategorize: r.recategorizeWorkOrder,
  verify: verifyWorkOrder,
};
