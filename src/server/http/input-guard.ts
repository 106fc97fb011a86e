import type { MiddlewareHandler } from 'hono';
import { AppError } from '../lib/errors.ts';

/**
 * PostgreSQL text cannot hold U+0000, so a NUL anywhere in the path, the query or a JSON body is
 * refused here, before any route sees it: one rule for every operation instead of one refinement
 * per string schema. The parsed body is handed on so the route's validator does not parse it again.
 */
export function inputGuard(): MiddlewareHandler {
  return async (c, next) => {
    const url = c.req.url;
    if (url.includes('\u0000') || /%00/.test(url)) throw nulRefused('url');
    const type = c.req.header('content-type') ?? '';
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && /json/i.test(type)) {
      const text = await c.req.text();
      if (text.includes('\u0000')) throw nulRefused('body');
      if (/\\u0000/i.test(text)) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined; // malformed JSON: the route's validator answers it
        }
        if (parsed !== undefined && containsNul(parsed)) throw nulRefused('body');
      }
    }
    await next();
  };
}

/** Iterative, so a body nested 50,000 deep cannot overflow the stack. */
export function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return true;
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k.includes('\u0000')) return true;
        stack.push(x);
      }
    }
  }
  return false;
}

function nulRefused(where: 'url' | 'body'): AppError {
  return new AppError('validation_failed', `A NUL character (U+0000) is not allowed in the ${where}.`, { issues: [{ path: where, code: 'nul_character', message: 'U+0000 is not allowed' }] }, `请求中不能包含空字符（U+0000）。`);
}
