import { createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../db/client.ts';
import { databaseUnavailable } from './http-errors.ts';
import { json, router, ErrorSchema } from './openapi.ts';

const READY_TIMEOUT_MS = 2000;

const Health = z.object({ status: z.literal('ok'), database: z.string(), time: z.string() }).openapi('Health');
const unavailable = { description: 'The database does not answer (database_unavailable); Retry-After says when to ask again', content: { 'application/json': { schema: ErrorSchema } } };

/** `select 1` within a bound, so a hung database fails readiness instead of hanging it. */
async function databaseAnswers(db: Db): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('readiness check timed out'), { code: 'ETIMEDOUT' })), READY_TIMEOUT_MS);
  });
  try {
    await Promise.race([db.query('select 1'), timeout]);
  } catch (e) {
    throw databaseUnavailable(e);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Liveness says the process serves HTTP and never touches the database (a restart would not help
 * an outage); readiness, and `/api/health` which start-up scripts wait on, answer 200 only when the
 * database does. Registered before the session middleware, so neither reads a session.
 */
export function healthRoutes(deps: { db: Db; now: () => Date }) {
  const r = router();
  const ready = async () => {
    await databaseAnswers(deps.db);
    return { status: 'ok' as const, database: deps.db.kind, time: deps.now().toISOString() };
  };
  r.openapi(
    createRoute({ method: 'get', path: '/api/health/live', tags: ['health'], summary: 'Liveness: the process answers (does not touch the database)', responses: { 200: json(z.object({ status: z.literal('ok') }), 'Alive') } }),
    (c) => c.json({ status: 'ok' as const }, 200),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/api/health/ready', tags: ['health'], summary: 'Readiness: the database answers', responses: { 200: json(Health, 'Ready'), 503: unavailable } }),
    async (c) => c.json(await ready(), 200),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/api/health', tags: ['health'], summary: 'Readiness (same as /api/health/ready)', responses: { 200: json(Health, 'Ready'), 503: unavailable } }),
    async (c) => c.json(await ready(), 200),
  );
  return r;
}
