/**
 * The one NOTIFY channel of live updates. Payloads are wake-ups, not data: `r:<userId>` a user's
 * read marks changed. New events and notifications no longer NOTIFY (migration 0027: it serialised
 * the writers' commits); `e` and `n` are still understood from a server of an older version.
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
