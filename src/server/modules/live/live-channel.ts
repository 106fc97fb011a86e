/**
 * The one NOTIFY channel of live updates (see migration 0011). Payloads are wake-ups, not data:
 * `e` new work-order events, `n` new notifications, `r:<userId>` a user's read marks changed.
 */
export const LIVE_CHANNEL = 'shaobao_live';

export type LiveWake = { kind: 'events' } | { kind: 'notifications' } | { kind: 'read'; userId: number } | { kind: 'reconnected' };

export function parseWake(payload: string): LiveWake | null {
  if (payload === '') return { kind: 'reconnected' };
  if (payload === 'e') return { kind: 'events' };
  if (payload === 'n') return { kind: 'notifications' };
  const m = /^r:(\d+)$/.exec(payload);
  return m ? { kind: 'read', userId: Number(m[1]) } : null;
}
