import type { Context } from 'hono';
import type { Env } from '../../http/http-context.ts';
import { callerIp, GUARD_RULES, refuseWhileLocked } from '../../http/guards.ts';
import { AppError } from '../../lib/errors.ts';
import { login } from './auth.ts';
import { requestIsHttps } from '../../http/security-headers.ts';
import { recordSecurityEvent } from './security-log.ts';

const WHAT = { en: 'failed sign-ins', zh: '登录失败次数' };

/**
 * Login with brute-force protection: per account and per address, a few free misses and then a
 * doubling lock (429 + Retry-After) checked before any hashing; scrypt runs under a bound on
 * concurrency; every success, failure and refusal goes to the security log.
 */
export async function guardedLogin(c: Context<Env>, username: string, password: string, hours: number) {
  const ctx = c.get('ctx');
  const g = c.get('guards');
  const ip = callerIp(c);
  const account = `login:user:${username.trim().toLowerCase()}`;
  const address = `login:ip:${ip}`;
  try {
    await refuseWhileLocked(g, [account], WHAT);
    await refuseWhileLocked(g, [address], WHAT);
  } catch (e) {
    await recordSecurityEvent(ctx.db, { at: ctx.now(), type: 'login_throttled', username, ip });
    ctx.log.warn('login throttled', { username: username.slice(0, 100), ip });
    throw e;
  }
  try {
    const s = await g.hashing.run(() => login(ctx, username, password, hours));
    await g.limiter.succeed([account]);
    await recordSecurityEvent(ctx.db, { at: ctx.now(), type: 'login', actorId: s.actor.userId, username: s.actor.username, ip });
    return s;
  } catch (e) {
    if (e instanceof AppError && e.code === 'invalid_credentials') {
      await g.limiter.fail([account], GUARD_RULES.loginAccount);
      await g.limiter.fail([address], GUARD_RULES.loginIp);
      await recordSecurityEvent(ctx.db, { at: ctx.now(), type: 'login_failed', username, ip });
      ctx.log.warn('login failed', { username: username.slice(0, 100), ip });
    }
    throw e;
  }
}

/** The session cookie is Secure whenever the browser came over HTTPS. */
export function isHttps(c: Context<Env>): boolean {
  return requestIsHttps(c, c.get('guards').trustProxy);
}
