import { buildApp } from '../../src/server/app.ts';
import { silentLogger, type Ctx } from '../../src/server/lib/ctx.ts';
import type { Db } from '../../src/server/db/client.ts';
import { createTestDb } from './test-db.ts';
import { loadActor } from '../../src/server/modules/org/auth.ts';
import type { Deps } from '../../src/server/http/http-context.ts';

// Monday 2026-03-02 10:00 in Shanghai: a plain working day, away from any holiday.
export const DEFAULT_START = new Date('2026-03-02T02:00:00Z');

export type Res = { status: number; body: any; headers: Headers };

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** The whole HTTP app on a fresh database with a clock the test moves. */
export async function createTestApp(start = DEFAULT_START, extra: Partial<Pick<Deps, 'outbound'>> = {}) {
  const db = await createTestDb();
  const clock = { t: start.getTime() };
  const now = () => new Date(clock.t);
  const app = buildApp({ db, now, log: silentLogger, sessionHours: 24 * 365, webDir: null, ...extra });
  const tokens = new Map<string, string>();

  async function call(method: string, path: string, body?: unknown, as?: string | null, headers: Record<string, string> = {}): Promise<Res> {
    const h: Record<string, string> = { 'content-type': 'application/json', 'x-locale': 'en', ...headers };
    if (as) h.authorization = `Bearer ${await token(as)}`;
    const r = await app.request(path, { method, headers: h, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    // An event stream never ends on its own: its status and headers are the answer here
    // (the live stream has its own tests that read it).
    if (r.headers.get('content-type')?.startsWith('text/event-stream')) {
      await r.body?.cancel();
      return { status: r.status, body: null, headers: r.headers };
    }
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: r.status, body: parsed, headers: r.headers };
  }

  async function token(username: string): Promise<string> {
    const known = tokens.get(username);
    if (known) return known;
    const r = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: `demo-${username}-2026` }),
    });
    const j = (await r.json()) as { token: string };
    if (!j.token) throw new Error(`login failed for ${username}: ${JSON.stringify(j)}`);
    tokens.set(username, j.token);
    return j.token;
  }

  const unitId = async (code: string): Promise<number> => {
    const r = await db.query<{ id: number }>('select id from units where code = $1', [code]);
    if (!r.rows[0]) throw new Error(`no unit ${code}`);
    return r.rows[0].id;
  };

  const ctxAs = async (username: string): Promise<Ctx> => {
    const u = (await db.query<{ id: number }>('select id from users where username = $1', [username])).rows[0];
    return { db, actor: await loadActor(db, u.id), now, log: silentLogger };
  };

  return {
    app,
    db: db as Db,
    clock,
    now,
    call,
    get: (path: string, as?: string | null) => call('GET', path, undefined, as),
    post: (path: string, body: unknown, as?: string | null, headers?: Record<string, string>) => call('POST', path, body, as, headers),
    advance: (ms: number) => {
      clock.t += ms;
    },
    unitId,
    ctxAs,
    close: () => db.drop(),
  };
}
