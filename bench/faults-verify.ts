/**
 * The fault harnesses' check, in SQL: every acknowledged order (found by the marker in its text) is
 * present exactly once with its code, its first event, its two dispatch deadlines and its
 * idempotency row; nothing unacknowledged slipped in twice.
 */
import pg from 'pg';

export type Ack = { id: number; code: string; marker: string; replayed: boolean };

export async function verifyAcks(url: string, tag: string, acks: Ack[], embeddedDataDir?: string) {
  // the embedded cluster runs only while a process holds it
  const own = embeddedDataDir ? await import('../src/server/db/open.ts').then((m) => m.openDatabase({ SHAOBAO_DATA_DIR: embeddedDataDir, DATABASE_URL: undefined })) : null;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const rows = (
      await c.query<{ id: string; code: string; marker: string; first: string | null; warn: number; due: number; keys: number }>(
        `select o.id, o.code, substring(o.text from 'MK${tag}x[0-9]+x[0-9a-f]+') as marker,
           (select type from work_order_events e where e.order_id = o.id and e.seq = 1) as first,
           (select count(*)::int from deadlines d where d.order_id = o.id and d.stage = 'dispatch' and d.kind = 'warn') as warn,
           (select count(*)::int from deadlines d where d.order_id = o.id and d.stage = 'dispatch' and d.kind = 'due') as due,
           (select count(*)::int from idempotency_keys k where k.order_id = o.id) as keys
         from work_orders o where o.text like $1`,
        [`%MK${tag}x%`],
      )
    ).rows;
    const byMarker = new Map<string, number>();
    for (const r of rows) byMarker.set(r.marker, (byMarker.get(r.marker) ?? 0) + 1);
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    const lost = acks.filter((a) => byId.get(a.id)?.code !== a.code || byId.get(a.id)?.marker !== a.marker).length;
    const acked = new Set(acks.map((a) => a.marker));
    return {
      present: acks.length - lost,
      lost,
      duplicated: [...byMarker.values()].filter((v) => v > 1).length,
      unacknowledgedPresent: rows.filter((r) => !acked.has(r.marker)).length,
      eventLogDefects: rows.filter((r) => r.first !== 'work_order.received' || r.warn !== 1 || r.due !== 1 || r.keys !== 1).length,
      duplicateCodes: rows.length - new Set(rows.map((r) => r.code)).size,
    };
  } finally {
    await c.end();
    await own?.release();
  }
}

/**
 * Deadlines under kills: just before each server kill, the dispatch warnings of the orders
 * acknowledged so far are made due, so the sweeper is firing them when the kill lands. At the end
 * every one of them must have fired exactly once: one fired_at, one warning supervision, one event.
 */
export class DueTimers {
  private ids = new Set<number>();
  constructor(private url: string) {}

  private async withClient<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: this.url });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }

  async makeDue(acks: Ack[]): Promise<void> {
    const fresh = acks.map((a) => a.id).filter((id) => !this.ids.has(id));
    if (!fresh.length) return;
    for (const id of fresh) this.ids.add(id);
    await this.withClient((c) =>
      c.query(`update deadlines set fire_at = now() where order_id = any($1::bigint[]) and stage = 'dispatch' and kind = 'warn' and fired_at is null`, [fresh]),
    );
  }

  /** Waits (up to a minute) for the sweep to reach every timer made due, then counts what each left behind. */
  async verify(): Promise<{ timersMadeDue: number; timersUnfired: number; timersNotOnce: number }> {
    const ids = [...this.ids];
    return this.withClient(async (c) => {
      const unfired = async () =>
        (await c.query<{ n: number }>(`select count(*)::int as n from deadlines where order_id = any($1::bigint[]) and stage = 'dispatch' and kind = 'warn' and fired_at is null`, [ids])).rows[0].n;
      for (let i = 0; i < 120 && (await unfired()) > 0; i++) await new Promise((r) => setTimeout(r, 500));
      const twice = await c.query<{ n: number }>(
        `select count(*)::int as n from unnest($1::bigint[]) as o(id)
          where (select count(*) from supervisions s where s.order_id = o.id and s.kind = 'warning' and s.stage = 'dispatch') <> 1
             or (select count(*) from work_order_events e where e.order_id = o.id and e.data->>'kind' = 'warning' and e.data->>'stage' = 'dispatch') <> 1`,
        [ids],
      );
      return { timersMadeDue: ids.length, timersUnfired: await unfired(), timersNotOnce: twice.rows[0].n };
    });
  }
}
