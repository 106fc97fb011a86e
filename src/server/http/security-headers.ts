import type { Context, MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { AppError } from '../lib/errors.ts';
import { SESSION_COOKIE } from './http-context.ts';
import { getCookie } from 'hono/cookie';

/**
 * Browser hardening for every answer. Scripts only from this origin (the built pages and the API
 * docs have no inline script); styles may be inline because React and Leaflet set style
 * attributes; images also from data: and blob: (map markers, previews). Nothing from another
 * host, as the product promises. HSTS only where the request came over HTTPS.
 */
export function securityHeaders(trustProxy: boolean): MiddlewareHandler {
  const base = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      workerSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
    xContentTypeOptions: 'nosniff',
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    permissionsPolicy: { camera: [], microphone: [], geolocation: ['self'], payment: [] },
  });
  return async (c, next) => {
    let own: string | null = null;
    await base(c, async () => {
      await next();
      own = c.res.headers.get('content-security-policy'); // a route's stricter policy (attachments) wins
    });
    // On the answer's own headers, as secureHeaders does: c.header() on a finished answer would
    // rebuild it around a stream of its body, and the server then writes every answer the slow way.
    const headers = c.res.headers;
    if (own) headers.set('Content-Security-Policy', own);
    if (requestIsHttps(c, trustProxy)) headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    // API answers carry personal data: never kept by a browser or a shared cache
    if (c.req.path.startsWith('/api/') && !c.req.path.startsWith('/api/docs')) headers.set('Cache-Control', 'no-store');
  };
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF: a cookie-authenticated unsafe request must come from one of our own pages. Browsers send
 * Sec-Fetch-Site (modern) or Origin with every cross-origin POST, so either one naming another
 * site, or another origin of this site (another port on the same host), is refused. Bearer-token
 * requests carry no ambient credential and are not affected; clients without a cookie neither.
 */
export function csrfGuard(): MiddlewareHandler {
  return async (c, next) => {
    if (UNSAFE.has(c.req.method) && !c.req.header('authorization')?.startsWith('Bearer ') && getCookie(c, SESSION_COOKIE)) {
      const site = c.req.header('sec-fetch-site');
      const origin = c.req.header('origin');
      const host = c.req.header('x-forwarded-host') ?? c.req.header('host') ?? new URL(c.req.url).host;
      const foreignSite = site !== undefined && site !== 'same-origin' && site !== 'none';
      const foreignOrigin = origin !== undefined && !sameHost(origin, host);
      if (foreignSite || foreignOrigin) {
        throw new AppError('csrf_refused', 'This request did not come from a Shaobao page; sign in here and try again.', { origin: origin ?? null, secFetchSite: site ?? null }, '请求不是来自本系统的页面，已拒绝。');
      }
    }
    await next();
  };
}

function sameHost(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false; // "null" (sandboxed frames, file:) or garbage
  }
}

/** Whether the browser reached us over HTTPS: directly, or through the trusted proxy's X-Forwarded-Proto. */
export function requestIsHttps(c: Context, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0].trim() === 'https';
}
