import { codeDepth, covers, selfAndAncestors } from '../taxonomy/category-codes.ts';
import { bestItem, isRuleInForce, type DutyItemSnap, type DutyListSnap, type RoutingSnapshot, type RuleSnap } from './routing-snapshot.ts';

/*
 * Which entry of the dispatch catalogue decides an order. Candidates are the rules in force plus
 * one derived from the street duty list (the item covering the category most specifically), so
 * the written rules only need to hold the exceptions and everything else follows the duty lists.
 * Most specific wins, compared field by field:
 *   1. category depth (a rule for '01.02.08' beats one for '01.02', which beats a catch-all),
 *   2. place (a rule for this street beats one for its district, which beats one for anywhere),
 *   3. priority (higher first),
 *   4. how many of request type / urgency the rule pins down,
 *   5. the later valid_from, then the lower id, so the choice is deterministic.
 * The duty-derived candidate ranks after any written rule of the same category depth: a written
 * rule is a deliberate exception.
 */
export type SelectionInput = {
  categoryCode: string | null;
  requestType: string | null;
  urgency: string | null;
  streetId: number | null;
  districtId: number | null;
  at: Date;
};

export type Selection =
  | { kind: 'rule'; rule: RuleSnap; depth: number }
  | { kind: 'duty'; item: DutyItemSnap; list: DutyListSnap; depth: number }
  | { kind: 'none' };

function placeScore(r: RuleSnap, streetId: number | null, districtId: number | null): number {
  if (r.placeUnitId === null) return 0;
  if (r.placeUnitId === streetId) return 2;
  if (r.placeUnitId === districtId) return 1;
  return -1; // a rule for another place does not apply
}

function compareRules(a: RuleSnap, b: RuleSnap, input: SelectionInput): number {
  const cond = (r: RuleSnap) => (r.requestType ? 1 : 0) + (r.urgency ? 1 : 0);
  return (
    codeDepth(b.categoryCode) - codeDepth(a.categoryCode) ||
    placeScore(b, input.streetId, input.districtId) - placeScore(a, input.streetId, input.districtId) ||
    b.priority - a.priority ||
    cond(b) - cond(a) ||
    b.validFrom.getTime() - a.validFrom.getTime() ||
    a.id - b.id
  );
}

/** The written rules that apply, best first. */
export function matchingRules(s: RoutingSnapshot, input: SelectionInput): RuleSnap[] {
  const keys = input.categoryCode ? [...selfAndAncestors(input.categoryCode), ''] : [''];
  const found: RuleSnap[] = [];
  for (const k of keys) {
    for (const r of s.rulesByCategory.get(k) ?? []) {
      if (!isRuleInForce(r, input.at)) continue;
      if (r.requestType && r.requestType !== input.requestType) continue;
      if (r.urgency && r.urgency !== input.urgency) continue;
      if (placeScore(r, input.streetId, input.districtId) < 0) continue;
      found.push(r);
    }
  }
  return found.sort((a, b) => compareRules(a, b, input));
}

/** How specifically an item covers a category: the depth of its deepest code that covers it. */
export function itemDepth(item: DutyItemSnap, categoryCode: string): number {
  return Math.max(0, ...item.categoryCodes.filter((c) => covers(c, categoryCode)).map(codeDepth));
}

export function selectRule(s: RoutingSnapshot, input: SelectionInput, dutyList: DutyListSnap | null): Selection {
  const rule = matchingRules(s, input)[0];
  const item = input.categoryCode ? bestItem(dutyList, input.categoryCode) : null;
  const itemD = item && input.categoryCode ? itemDepth(item, input.categoryCode) : -1;
  const ruleD = rule ? codeDepth(rule.categoryCode) : -1;
  if (rule && ruleD >= itemD) return { kind: 'rule', rule, depth: ruleD };
  if (item && dutyList) return { kind: 'duty', item, list: dutyList, depth: itemD };
  return { kind: 'none' };
}
