import type { Context } from 'hono';
import { AppError } from '../lib/errors.ts';

/**
 * A small in-process limiter with two shapes, both keyed by strings such as `ip:1.2.3.4`:
 * - failures with back-off: after `free` misses a lock, doubling with every further miss
 *   (login, tracking); a success clears the key;
 * - a plain count per window (anonymous filing).
 * Written here rather than taken from hono-rate-limiter: that counts requests per fixed window,
 * while guessing calls for counting failures, growing locks and clearing on success, and the clock
 * must be the app's own so tests can move it. This in-memory form serves a process on its own; on
 * a database the state is shared by every server process (throttle-store.ts), so N processes behind
 * a balancer give an attacker the allowance once, not N times.
 */
export type BackoffRule = { free: number; baseMs: number; maxMs: number; forgetMs: number };
export type RateRule = { limit: number; windowMs: number };

export type Entry = { n: number; since: number; lockedUntil: number };

/** The limiter as the routes use it, whichever form holds the state. */
export interface RateLimiter {
  /** Milliseconds until the first of these keys is free again, or 0. */
  lockedFor(keys: string[]): Promise<number>;
  fail(keys: string[], rule: BackoffRule): Promise<void>;
  succeed(keys: string[]): Promise<void>;
  /** Counts one request for every key; the wait in ms when any key is over its limit (nothing counted then), else 0. */
  take(keys: string[], rule: RateRule): Promise<number>;
}

/** One failure on an entry (after `reset` decided whether it starts afresh): the rule of both forms. */
export function failed(e: Entry, rule: BackoffRule, t: number): Entry {
  const n = e.n + 1;
  return { n, since: t, lockedUntil: n >= rule.free ? t + Math.min(rule.maxMs, rule.baseMs * 2 ** (n - rule.free)) : e.lockedUntil };
}

/** An entry older than `resetAfterMs` and not locked counts from zero again. */
export function current(e: Entry | undefined, resetAfterMs: number, t: number): Entry {
  return !e || (t - e.since > resetAfterMs && e.lockedUntil <= t) ? { n: 0, since: t, lockedUntil: 0 } : e;
}

/** take() over entries: the wait when any is full, else null and the entries counted. */
export function taken(es: Entry[], rule: RateRule, t: number): { wait: number; next: Entry[] } {
  const full = es.filter((e) => e.n >= rule.limit);
  if (full.length) return { wait: Math.max(...full.map((e) => e.since + rule.windowMs - t)), next: es };
  return { wait: 0, next: es.map((e) => ({ ...e, n: e.n + 1 })) };
}

const MAX_KEYS = 100_000;

export class Limiter implements RateLimiter {
  private entries = new Map<string, Entry>();
  constructor(private readonly now: () => number) {}

  private set(key: string, e: Entry): void {
    if (!this.entries.has(key) && this.entries.size >= MAX_KEYS) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, e);
  }

  async lockedFor(keys: string[]): Promise<number> {
    const t = this.now();
    return Math.max(0, ...keys.map((k) => (this.entries.get(k)?.lockedUntil ?? 0) - t));
  }

  async fail(keys: string[], rule: BackoffRule): Promise<void> {
    const t = this.now();
    for (const k of keys) this.set(k, failed(current(this.entries.get(k), rule.forgetMs, t), rule, t));
  }

  async succeed(keys: string[]): Promise<void> {
    for (const k of keys) this.entries.delete(k);
  }

  async take(keys: string[], rule: RateRule): Promise<number> {
    const t = this.now();
    const r = taken(keys.map((k) => current(this.entries.get(k), rule.windowMs, t)), rule, t);
    keys.forEach((k, i) => this.set(k, r.next[i]));
    return r.wait;
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
