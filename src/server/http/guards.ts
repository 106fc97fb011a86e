import os from 'node:os';
import type { Context } from 'hono';
import type { Db } from '../db/client.ts';
import { clientIp, Limiter, Semaphore, tooManyRequests, type BackoffRule, type RateLimiter, type RateRule } from './throttle.ts';
import { DbLimiter } from './throttle-store.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** The allowances, in one place. Free misses are generous enough for people, useless for guessing. */
export const GUARD_RULES = {
  // 5 wrong passwords for an account, then 30 s, 1 min, 2 min … at most 15 min between tries
  loginAccount: { free: 5, baseMs: 30_000, maxMs: 15 * MIN, forgetMs: HOUR } satisfies BackoffRule,
  // one address guessing across accounts: 20 misses free (a shared office NAT), then the same back-off
  loginIp: { free: 20, baseMs: 30_000, maxMs: 15 * MIN, forgetMs: HOUR } satisfies BackoffRule,
  // tracking: a secret of 10 base-32 characters, and at most 5 wrong ones per code before the lock
  trackCode: { free: 5, baseMs: MIN, maxMs: HOUR, forgetMs: 24 * HOUR } satisfies BackoffRule,
  trackIp: { free: 20, baseMs: MIN, maxMs: HOUR, forgetMs: HOUR } satisfies BackoffRule,
  // anonymous filing: per address and per phone number
  fileIp: { limit: 20, windowMs: HOUR } satisfies RateRule,
  filePhone: { limit: 5, windowMs: HOUR } satisfies RateRule,
  // one-time sign-in codes by SMS: one a minute and five an hour per phone, twenty an hour per address
  codeSendPhoneMinute: { limit: 1, windowMs: MIN } satisfies RateRule,
  codeSendPhone: { limit: 5, windowMs: HOUR } satisfies RateRule,
  codeSendIp: { limit: 20, windowMs: HOUR } satisfies RateRule,
  // a 6-digit code: 5 wrong ones per phone (and the code is void), then the lock, as for tracking
  codeCheckPhone: { free: 5, baseMs: MIN, maxMs: HOUR, forgetMs: 24 * HOUR } satisfies BackoffRule,
  codeCheckIp: { free: 20, baseMs: MIN, maxMs: HOUR, forgetMs: HOUR } satisfies BackoffRule,
} as const;

export type Guards = { limiter: RateLimiter; hashing: Semaphore; trustProxy: boolean };

/** With a database the limits hold across every server process on it; without one, per process. */
export function createGuards(now: () => Date, trustProxy = false, db?: Db): Guards {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const clock = () => now().getTime();
  return { limiter: db ? new DbLimiter(db, clock) : new Limiter(clock), hashing: new Semaphore(Math.max(1, cores), 64), trustProxy };
}

export function callerIp(c: Context): string {
  return clientIp(c, (c.get('guards') as Guards).trustProxy);
}

/** Refuses with 429 while any of the keys is locked. */
export async function refuseWhileLocked(g: Guards, keys: string[], what: { en: string; zh: string }): Promise<void> {
  const wait = await g.limiter.lockedFor(keys);
  if (wait > 0) throw tooManyRequests(wait, what);
}
