import type { OrderRow } from './work-order-tables.ts';

/**
 * Which finished orders need an on-site check (核查) before they close: those a grid member
 * reported (channel grid), since the patrol that found the problem is the one to see it gone. A
 * confirmation counts only if it came after the latest feedback, so a re-handled order is checked
 * again.
 */
export function verificationPending(o: Pick<OrderRow, 'channel' | 'feedback_at' | 'verified_at'>): boolean {
  if (o.channel !== 'grid' || !o.feedback_at) return false;
  return !(o.verified_at && new Date(o.verified_at).getTime() >= new Date(o.feedback_at).getTime());
}

/** The facts of the grid and requester scopes and of the 核查 guard, all read off the row. */
export function placeAndRequesterFacts(o: OrderRow) {
  return { gridId: o.grid_id, requesterUserId: o.requester_user_id, verificationPending: verificationPending(o) };
}
