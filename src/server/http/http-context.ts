import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Db } from '../db/client.ts';
import type { Actor, Ctx, Logger } from '../lib/ctx.ts';
import { AppError } from '../lib/errors.ts';
import { actorForToken } from '../modules/org/auth.ts';
import type { Guards } from './guards.ts';

export type Deps = {
  db: Db;
  now: () => Date;
  log: Logger;
  sessionHours: number;
  webDir?: string | null;
  /** Sessions unused this long end (the server passes SHAOBAO_IDLE_MINUTES; unset: only the absolute lifetime). */
  idleMinutes?: number;
  /** Behind one reverse proxy: read the client address from X-Forwarded-For and HTTPS from X-Forwarded-Proto. */
  trustProxy?: boolean;
  /** Where SMS goes (one-time sign-in codes); undefined: the log, null: nowhere configured. */
  outbound?: import('../modules/notifications/outbound-sender.ts').OutboundSender | null;
  /** SHAOBAO_PUBLIC_DATA=on: the public page and its API answer; otherwise both are 404. */
  publicData?: boolean;
};
export type Env = { Variables: { ctx: Ctx; locale: string; token: string | null; guards: Guards; viaCookie: boolean } };

export const SESSION_COOKIE = 'sb_session';

/** Builds the per-request ctx: who is calling (bearer token or session cookie) and in which language. */
export function contextMiddleware(deps: Deps): MiddlewareHandler<Env> {
  return async (c, next) => {
    const auth = c.req.header('authorization');
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : null;
    const token = bearer ?? getCookie(c, SESSION_COOKIE) ?? null;
    const actor = token ? await actorForToken(deps.db, token, deps.now(), deps.idleMinutes ? deps.idleMinutes * 60_000 : Infinity) : null;
    c.set('token', token);
    c.set('viaCookie', !bearer && !!token);
    c.set('ctx', { db: deps.db, actor, now: deps.now, log: deps.log });
    c.set('locale', pickLocale(c, actor));
    await next();
  };
}

function pickLocale(c: Context, actor: Actor | null): string {
  const asked = c.req.header('x-locale') ?? c.req.query('lang');
  if (asked === 'en' || asked === 'zh-CN') return asked;
  if (actor) return actor.locale;
  return (c.req.header('accept-language') ?? 'zh-CN').toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

export function requireActor(c: Context<Env>): Actor {
  const actor = c.get('ctx').actor;
  if (!actor) throw new AppError('unauthenticated', 'Sign in first.', {}, '请先登录。');
  return actor;
}
