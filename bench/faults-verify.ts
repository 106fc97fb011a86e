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
