import { createRoute, z } from '@hono/zod-openapi';
import { setCookie, deleteCookie } from 'hono/cookie';
import { router, STANDARD_ERRORS, json, IdParam } from '../../http/openapi.ts';
import { requireActor, SESSION_COOKIE } from '../../http/http-context.ts';
import { forbidden, notFound } from '../../lib/errors.ts';
import { hasRole } from '../../lib/ctx.ts';
import { logout } from './auth.ts';
import { guardedLogin, isHttps } from './login-guard.ts';
import { recordSecurityEvent } from './security-log.ts';
import { callerIp } from '../../http/guards.ts';
import { getUnit, listUnits, unitNames } from './unit-queries.ts';
import { queryId } from '../../http/input-schemas.ts';

const Me = z
  .object({
    userId: z.number(),
    username: z.string(),
    displayName: z.string(),
    kind: z.enum(['staff', 'citizen']),
    locale: z.string(),
    grants: z.array(z.object({ role: z.string(), unitId: z.number().nullable(), unitName: z.string().nullable() })),
  })
  .openapi('Me');

const PUBLIC_KINDS = ['city', 'district', 'street', 'township', 'community'];

const Unit = z.looseObject({ id: z.number(), code: z.string(), name: z.string(), kind: z.string() }).openapi('Unit');

export function orgRoutes(sessionHours: number) {
  const r = router();

  r.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/login',
      tags: ['auth'],
      summary: 'Sign in; sets an httpOnly session cookie and returns a bearer token',
      request: {
        body: { content: { 'application/json': { schema: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }) } }, required: true },
      },
      responses: { 200: json(z.object({ token: z.string(), expiresAt: z.string(), me: Me }), 'Signed in'), ...STANDARD_ERRORS },
    }),
    async (c) => {
      const { username, password } = c.req.valid('json');
      const ctx = c.get('ctx');
      const s = await guardedLogin(c, username, password, sessionHours);
      setCookie(c, SESSION_COOKIE, s.token, { httpOnly: true, sameSite: 'Lax', path: '/', expires: s.expiresAt, secure: isHttps(c) });
      return c.json({ token: s.token, expiresAt: s.expiresAt.toISOString(), me: await presentMe(ctx.db, s.actor) }, 200);
    },
  );

  r.openapi(
    createRoute({ method: 'post', path: '/api/auth/logout', tags: ['auth'], summary: 'Sign out', responses: { 200: json(z.object({ ok: z.boolean() }), 'Signed out') } }),
    async (c) => {
      const token = c.get('token');
      const ctx = c.get('ctx');
      if (token) await logout(ctx, token);
      if (ctx.actor) await recordSecurityEvent(ctx.db, { at: ctx.now(), type: 'logout', actorId: ctx.actor.userId, username: ctx.actor.username, ip: callerIp(c) });
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json({ ok: true }, 200);
    },
  );

  r.openapi(
    createRoute({ method: 'get', path: '/api/auth/me', tags: ['auth'], summary: 'Who am I', responses: { 200: json(Me, 'The signed-in user'), ...STANDARD_ERRORS } }),
    async (c) => c.json(await presentMe(c.get('ctx').db, requireActor(c)), 200),
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/api/auth/session',
      tags: ['auth'],
      summary: 'The signed-in user, or null when signed out (a page asks this on every load: signed out is not an error)',
      responses: { 200: json(z.object({ me: Me.nullable() }), 'The session'), ...STANDARD_ERRORS },
    }),
    async (c) => {
      const actor = c.get('ctx').actor;
      return c.json({ me: actor ? await presentMe(c.get('ctx').db, actor) : null }, 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/api/units',
      tags: ['organisation'],
      summary: 'Units of the organisation tree (filter by kind, parent, name); districts, streets and communities need no session',
      request: {
        query: z.object({
          kind: z.string().optional().openapi({ description: 'comma-separated kinds' }),
          parentId: queryId().optional(),
          q: z.string().max(50).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(200),
          includeInactive: z.enum(['true', 'false']).optional().openapi({ description: 'true: deactivated units too (administrators)' }),
        }),
      },
      responses: { 200: json(z.object({ items: z.array(Unit) }), 'Units'), ...STANDARD_ERRORS },
    }),
    async (c) => {
      const query = c.req.valid('query');
      // The administrative divisions are public (the portal's location picker needs them signed out);
      // departments, enterprises and grids are for staff.
      const kinds = (query.kind ?? '').split(',').filter(Boolean);
      const publicOnly = kinds.length > 0 && kinds.every((k) => PUBLIC_KINDS.includes(k));
      if (!publicOnly && requireActor(c).kind !== 'staff') {
        throw forbidden('Departments, enterprises and grids are for staff.', '部门、企业和网格信息仅供工作人员查看。');
      }
      const includeInactive = query.includeInactive === 'true';
      if (includeInactive && !hasRole(requireActor(c), 'admin')) throw forbidden('Only administrators list deactivated units.', '仅管理员可查看已停用的单位。');
      return c.json({ items: await listUnits(c.get('ctx').db, { ...query, includeInactive }) }, 200);
    },
  );

  r.openapi(
    createRoute({ method: 'get', path: '/api/units/{id}', tags: ['organisation'], summary: 'One unit with its parent chain', request: { params: IdParam }, responses: { 200: json(Unit, 'The unit'), ...STANDARD_ERRORS } }),
    async (c) => {
      const actor = requireActor(c);
      const u = await getUnit(c.get('ctx').db, c.req.valid('param').id);
      // a citizen sees the administrative divisions only; another kind of unit is, for them, not there
      if (!u || (actor.kind !== 'staff' && !PUBLIC_KINDS.includes(u.kind))) throw notFound('unit', c.req.valid('param').id);
      return c.json(u, 200);
    },
  );

  return r;
}

async function presentMe(db: import('../../db/client.ts').Queryable, actor: import('../../lib/ctx.ts').Actor) {
  const ids = actor.grants.map((g) => g.unitId).filter((x): x is number => x !== null);
  const names = await unitNames(db, ids);
  return {
    userId: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    kind: actor.kind,
    locale: actor.locale,
    grants: actor.grants.map((g) => ({ role: g.role, unitId: g.unitId, unitName: g.unitId ? (names.get(g.unitId) ?? null) : null })),
  };
}
