import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import { proposeRouting } from '../routing/catalogue/propose-routing.ts';
import type { OrderRow } from './work-order-access.ts';

/**
 * What the dispatch catalogue proposed for this order, kept with it next to what the dispatcher
 * chose: the versions it was routed with, and whether the dispatcher overrode the proposal (the
 * overrides are counted to show which rules need mending).
 */
export async function recordProposal(tx: Queryable, order: OrderRow, leadUnitId: number, coHandlerUnitIds: number[], at: Date) {
  let proposal;
  try {
    proposal = await proposeRouting(tx, {
      categoryCode: order.category,
      requestType: order.request_type,
      urgency: order.urgency,
      streetId: order.street_id,
      districtId: order.district_id,
      at,
    });
  } catch (e) {
    // No proposal possible (no district known, a category since retired): the dispatch stands on its own.
    if (e instanceof AppError) return { patch: { routing_proposal: null, routing_overridden: null }, data: { proposal: null } };
    throw e;
  }
  const proposedCo = proposal.coHandlers.map((u) => u.id).sort();
  const chosenCo = [...new Set(coHandlerUnitIds)].sort();
  const overridden = proposal.leadUnit.id !== leadUnitId || proposedCo.join(',') !== chosenCo.join(',');
  const summary = {
    leadUnitId: proposal.leadUnit.id,
    leadUnitName: proposal.leadUnit.name,
    coHandlerUnitIds: proposedCo,
    coHandlers: proposal.coHandlers.map((u) => ({ id: u.id, name: u.name })),
    ruleId: proposal.rule?.id ?? null,
    ruleName: proposal.rule?.name ?? null,
    dutyItem: proposal.dutyItem,
    target: proposal.target,
    explanation: proposal.explanation,
    explanationEn: proposal.explanationEn,
  };
  return {
    patch: {
      routing_proposal: JSON.stringify(summary),
      routing_overridden: overridden,
      dispatch_rule_id: proposal.versions.dispatchRuleId,
      duty_list_id: proposal.versions.dutyListId,
      taxonomy_version_id: order.taxonomy_version_id ?? proposal.versions.taxonomyVersionId,
    },
    data: { proposal: summary, overridden },
  };
}
