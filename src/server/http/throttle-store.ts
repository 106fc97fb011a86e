import type { Db } from '../db/client.ts';
import { current, failed, taken, type BackoffRule, type Entry, type RateLimiter, type RateRule } from './throttle.ts';

/*
 * The limiter's state in the database (throttle_state, migration 0019), shared by every server
 * process: with several processes behind a balancer, per-process counters gave an attacker the
 * free misses and the locks once per process. Each change is one short transaction that locks the
 * keys' rows, so concurrent failures on two processes both count. Times are the app's clock in
 * milliseconds (tests move it). The table is unlogged: a crash of PostgreSQL forgets the counters,
 * which costs an attacker's target nothing, while a failed sign-in does not wait for a WAL flush.
 */
type Row = { key: string; n: number; since: number; locked_until: number };
const PRUNE_EVERY = 500;

export class DbLimiter implements RateLimiter {
  private changes = 0;
  constructor(private readonly db: Db, private readonly now: () => number) {}

  async lockedFor(keys: string[]): Promise<number> {
    const r = await this.db.query<{ u: number | null }>('select max(locked_until) as u from throttle_state where key = any($1::text[])', [keys]);
    return Math.max(0, (r.rows[0]?.u ?? 0) - this.now());
  }

  async fail(keys: string[], rule: BackoffRule): Promise<void> {
    await this.change(keys, rule.forgetMs, (es, t) => es.map((e) => failed(e, rule, t)));
  }

  async succeed(keys: string[]): Promise<void> {
    await this.db.query('delete from throttle_state where key = any($1::text[])', [keys]);
  }

  async take(keys: string[], rule: RateRule): Promise<number> {
    let wait = 0;
    await this.change(keys, rule.windowMs, (es, t) => {
      const r = taken(es, rule, t);
      wait = r.wait;
      return r.next;
    });
    return wait;
  }

  /** Reads the keys' entries under a row lock (in key order, so two changes cannot deadlock), applies `fn`, writes them back. */
  private async change(keys: string[], resetAfterMs: number, fn: (es: Entry[], t: number) => Entry[]): Promise<void> {
    const sorted = [...new Set(keys)].sort();
    const t = this.now();
    await this.db.transaction(async (tx) => {
      await tx.query('insert into throttle_state(key, n, since, locked_until) select k, 0, $2, 0 from unnest($1::text[]) as k on conflict (key) do nothing', [sorted, t]);
      const rows = (await tx.query<Row>('select key, n, since, locked_until from throttle_state where key = any($1::text[]) order by key for update', [sorted])).rows;
      const byKey = new Map(rows.map((r) => [r.key, { n: r.n, since: Number(r.since), lockedUntil: Number(r.locked_until) }]));
      const next = fn(sorted.map((k) => current(byKey.get(k), resetAfterMs, t)), t);
      await tx.query(
        `update throttle_state s set n = v.n, since = v.since, locked_until = v.locked_until
           from unnest($1::text[], $2::int[], $3::bigint[], $4::bigint[]) as v(key, n, since, locked_until) where s.key = v.key`,
        [sorted, next.map((e) => e.n), next.map((e) => e.since), next.map((e) => e.lockedUntil)],
      );
    });
    // entries nobody has touched for a day and that hold no lock are dropped now and then
    if (++this.changes % PRUNE_EVERY === 0) await this.db.query('delete from throttle_state where since < $1 and locked_until < $2', [t - 86_400_000, t]);
  }
}
