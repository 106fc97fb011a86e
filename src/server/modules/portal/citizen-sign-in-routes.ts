import { createRoute, z } from '@hono/zod-openapi';
import { setCookie } from 'hono/cookie';
import type { Context } from 'hono';
import { router, STANDARD_ERRORS, TOO_MANY_REQUESTS, json } from '../../http/openapi.ts';
import { SESSION_COOKIE, type Env } from '../../http/http-context.ts';
import { callerIp, GUARD_RULES, refuseWhileLocked } from '../../http/guards.ts';
import { tooManyRequests } from '../../http/throttle.ts';
import { AppError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/ctx.ts';
import { logSender, type OutboundSender } from '../notifications/outbound-sender.ts';
import { isHttps } from '../org/login-guard.ts';
import { recordSecurityEvent } from '../org/security-log.ts';
import { checkSignInCode, maskPhone, openCitizenSession, sendSignInCode } from './sign-in-codes.ts';

const Phone = z.string().trim().transform((s) => s.replace(/[\s-]/g, '').replace(/^\+?86/, '')).pipe(
  z.string().regex(/^1[3-9]\d{9}$/, 'a mainland mobile number such as 13812345678'),
);
const SEND = { en: 'sign-in codes', zh: '获取验证码' };
const CHECK = { en: 'wrong sign-in codes', zh: '验证码错误次数' };

/**
 * Citizens sign in with their phone: a one-time code goes out through the outbound sender (the
 * city's SMS gateway; in development the log). `outbound` undefined means the log sender, null
 * that no sender is configured, in which case codes cannot be sent.
 */
export function citizenSignInRoutes(deps: { sessionHours: number; log: Logger; outbound?: OutboundSender | null }) {
  const sender = deps.outbound === undefined ? logSender(deps.log) : deps.outbound;
  const r = router();

  r.openapi(
    createRoute({
      method: 'post',
      path: '/api/portal/sign-in/code',
      tags: ['portal'],
      summary: 'Send a one-time sign-in code to a mobile phone by SMS',
      description: 'One code a minute and five an hour per phone, twenty an hour per address (429 too_many_requests, Retry-After). The answer is the same whether or not the phone was used before.',
      request: { body: { content: { 'application/json': { schema: z.object({ phone: Phone }).strict() } }, required: true } },
      responses: { 200: json(z.object({ sentTo: z.string(), expiresAt: z.string() }), 'Code sent'), 429: TOO_MANY_REQUESTS, ...STANDARD_ERRORS },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      const { phone } = c.req.valid('json');
      if (!sender) throw new AppError('conflict', 'Sign-in by SMS is not available: no SMS sender is configured.', {}, '短信登录暂不可用。');
      const g = c.get('guards');
      const wait =
        (await g.limiter.take([`code:ip:${callerIp(c)}`], GUARD_RULES.codeSendIp)) ||
        (await g.limiter.take([`code:phone-minute:${phone}`], GUARD_RULES.codeSendPhoneMinute)) ||
        (await g.limiter.take([`code:phone:${phone}`], GUARD_RULES.codeSendPhone));
      if (wait) throw tooManyRequests(wait, SEND);
      const { expiresAt } = await sendSignInCode(ctx, sender, phone);
      return c.json({ sentTo: maskPhone(phone), expiresAt: expiresAt.toISOString() }, 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/api/portal/sign-in',
      tags: ['portal'],
      summary: 'Sign in with the phone and its one-time code; sets the session cookie',
      description: 'Five wrong codes for one phone, or twenty from one address, lock further tries with a growing wait (429 too_many_requests, Retry-After).',
      request: { body: { content: { 'application/json': { schema: z.object({ phone: Phone, code: z.string().trim().regex(/^\d{6}$/, 'the 6-digit code') }).strict() } }, required: true } },
      responses: { 200: json(z.object({ token: z.string(), expiresAt: z.string() }), 'Signed in'), 429: TOO_MANY_REQUESTS, ...STANDARD_ERRORS },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      const { phone, code } = c.req.valid('json');
      const keys = guardKeys(c, phone);
      await refuseWhileLocked(c.get('guards'), keys.phone, CHECK);
      await refuseWhileLocked(c.get('guards'), keys.ip, CHECK);
      let userId: number;
      try {
        userId = await checkSignInCode(ctx, phone, code);
      } catch (e) {
        if (e instanceof AppError && e.code === 'invalid_credentials') {
          await c.get('guards').limiter.fail(keys.phone, GUARD_RULES.codeCheckPhone);
          await c.get('guards').limiter.fail(keys.ip, GUARD_RULES.codeCheckIp);
          await recordSecurityEvent(ctx.db, { at: ctx.now(), type: 'login_failed', username: `phone:${maskPhone(phone)}`, ip: callerIp(c) });
        }
        throw e;
      }
      await c.get('guards').limiter.succeed(keys.phone);
      const s = await openCitizenSession(ctx, userId, deps.sessionHours);
      await recordSecurityEvent(ctx.db, { at: ctx.now(), type: 'login', actorId: userId, username: `phone:${maskPhone(phone)}`, ip: callerIp(c) });
      setCookie(c, SESSION_COOKIE, s.token, { httpOnly: true, sameSite: 'Lax', path: '/', expires: s.expiresAt, secure: isHttps(c) });
      return c.json({ token: s.token, expiresAt: s.expiresAt.toISOString() }, 200);
    },
  );
  return r;
}

function guardKeys(c: Context<Env>, phone: string) {
  return { phone: [`signin:phone:${phone}`], ip: [`signin:ip:${callerIp(c)}`] };
}
