import type { TestApp } from '../../../../../test/support/test-app.ts';
import { router } from '../../../http/openapi.ts';
import { contextMiddleware } from '../../../http/http-context.ts';
import { errorHandler } from '../../../http/http-errors.ts';
import { silentLogger } from '../../../lib/ctx.ts';
import { taxonomyRoutes } from '../taxonomy/taxonomy-routes.ts';
import { dutyListRoutes } from '../duty-lists/duty-list-routes.ts';
import { catalogueRoutes } from './catalogue-routes.ts';

/**
 * Test support only: the routing routers mounted the way buildApp mounts every module, on the test
 * app's database and clock, so routing tests pass whether or not app.ts mounts them yet. Sign-in
 * goes through the real app (its sessions live in the same database).
 */
export function routingTestApp(t: TestApp) {
  const app = router();
  app.onError(errorHandler(silentLogger));
  app.use('/api/*', contextMiddleware({ db: t.db, now: t.now, log: silentLogger, sessionHours: 24 }));
  app.route('/', taxonomyRoutes);
  app.route('/', dutyListRoutes);
  app.route('/', catalogueRoutes);
  const tokens = new Map<string, string>();

  async function token(username: string): Promise<string> {
    let tk = tokens.get(username);
    if (!tk) {
      const r = await t.post('/api/auth/login', { username, password: `demo-${username}-2026` });
      if (!r.body?.token) throw new Error(`login failed for ${username}: ${JSON.stringify(r.body)}`);
      tk = r.body.token as string;
      tokens.set(username, tk);
    }
    return tk;
  }

  async function call(method: string, path: string, body: unknown, as: string | null): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-locale': 'en' };
    if (as) headers.authorization = `Bearer ${await token(as)}`;
    const r = await app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: r.status, body: parsed };
  }

  return {
    app,
    get: (path: string, as: string | null) => call('GET', path, undefined, as),
    post: (path: string, body: unknown, as: string | null) => call('POST', path, body, as),
    patch: (path: string, body: unknown, as: string | null) => call('PATCH', path, body, as),
    del: (path: string, as: string | null) => call('DELETE', path, undefined, as),
  };
}
