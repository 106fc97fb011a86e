import type { Context } from 'hono';
import { AppError } from '../lib/errors.ts';

/**
 * A small in-process limiter with two shapes, both keyed by strings such as `ip:1.2.3.4`:
 * - failures with back-off: after `free` misses a lock, doubling with every further miss
 *   (login, tracking); a success clears the key;
 * - a plain count per window (anonymous filing).
 * Written here rather than taken from hono-rate-limiter: that counts requests per fixed window,
 * while guessing calls for counting failures, growing locks and clearing on success, and the clock
 * must be the app's own so tests can move it. State is per process: behind N processes an attacker
 * gets at most N times the allowance, which the lock's doubling still makes useless for guessing.
 */
export type BackoffRule = { free: number; baseMs: number; maxMs: number; forgetMs: number };
export type RateRule = { limit: number; windowMs: number };

type Entry = { n: number; since: number; lockedUntil: number };

const MAX_KEYS = 100_000;

export class Limiter {
  private entries = new Map<string, Entry>();
  constructor(private readonly now: () => number) {}

  private get(key: string, resetAfterMs: number): Entry {
    const t = this.now();
    let e = this.entries.get(key);
    if (!e || (t - e.since > resetAfterMs && e.lockedUntil <= t)) {
      e = { n: 0, since: t, lockedUntil: 0 };
      if (this.entries.size >= MAX_KEYS) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, e);
    }
    return e;
  }

  /** Milliseconds until the first of these keys is free again, or 0. */
  lockedFor(keys: string[]): number {
    const t = this.now();
    return Math.max(0, ...keys.map((k) => (this.entries.get(k)?.lockedUntil ?? 0) - t));
  }

  fail(keys: string[], rule: BackoffRule): void {
    const t = this.now();
    for (const k of keys) {
      const e = this.get(k, rule.forgetMs);
      e.n++;
      e.since = t;
      if (e.n >= rule.free) e.lockedUntil = t + Math.min(rule.maxMs, rule.baseMs * 2 ** (e.n - rule.free));
    }
  }

  succeed(keys: string[]): void {
    for (const k of keys) this.entries.delete(k);
  }

  /** Counts one request for every key; the wait in ms when any key is over its limit (nothing counted then), else 0. */
  take(keys: string[], rule: RateRule): number {
    const t = this.now();
    const es = keys.map((k) => this.get(k, rule.windowMs));
    const full = es.filter((e) => e.n >= rule.limit);
    if (full.length) return Math.max(...full.map((e) => e.since + rule.windowMs - t));
    for (const e of es) e.n++;
    return 0;
  }
}

export function tooManyRequests(waitMs: number, what: { en: string; zh: string }): AppError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new AppError('too_many_requests', `Too many ${what.en}; try again in ${seconds} s.`, { retryAfterSeconds: seconds }, `${what.zh}过于频繁，请 ${seconds} 秒后再试。`);
}

/**
 * The caller's address: the socket's, or with SHAOBAO_TRUST_PROXY the one the (single, trusted)
 * reverse proxy appended last to X-Forwarded-For; anything before it is client-supplied.
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const fwd = c.req.header('x-forwarded-for')?.split(',').map((s) => s.trim()).filter(Boolean);
    if (fwd?.length) return fwd[fwd.length - 1];
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}

/** At most `limit` scrypt computations at once: a flood of logins queues instead of starving every other request of CPU. */
export class Semaphore {
  private active = 0;
  private waiting: (() => void)[] = [];
  constructor(private readonly limit: number, private readonly maxQueue: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active++;
    else {
      if (this.waiting.length >= this.maxQueue) throw tooManyRequests(1000, { en: 'sign-in attempts', zh: '登录尝试' });
      await new Promise<void>((resolve) => this.waiting.push(resolve)); // the releasing run hands its slot over
    }
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
