import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { AppError, errorBody } from '../lib/errors.ts';
import type { Env } from './http-context.ts';
import type { Logger } from '../lib/ctx.ts';

const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
// admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections
const CONNECTION_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** The database went away (down, restarting, recovering, or the pool closed under a shutdown), as opposed to a bug. */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (CONNECTION_ERRNOS.has(code) || CONNECTION_SQLSTATES.has(code) || code.startsWith('08')) return true;
  const m = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Cannot use a pool after calling end|Client has encountered a connection error|not queryable|the database system is (starting up|shutting down|in recovery)/i.test(m);
}

/** One log line per outage (failures less than 30 s apart), instead of a stack trace per request. */
function outageLog(log: Logger) {
  let last = 0;
  let failed = 0;
  return (err: unknown) => {
    const now = Date.now();
    if (now - last > 30_000) {
      log.error('database unavailable: answering 503', { error: String((err as Error)?.message ?? err), failedSinceLastReport: failed });
      failed = 0;
    }
    failed += 1;
    last = now;
  };
}

export function databaseUnavailable(cause: unknown): AppError {
  // The cause stays in the log: its text names hosts and socket paths.
  return Object.assign(new AppError('database_unavailable', 'The database is not available; try again shortly.', {}, '数据库暂时不可用，请稍后重试。'), { cause });
}

/** Turns zod issues into the details clients show next to fields. */
export function validationError(issues: z.core.$ZodIssue[]): AppError {
  const fields = issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }));
  const first = fields[0];
  return new AppError(
    'validation_failed',
    `Invalid input${first ? `: ${first.path || '(body)'} ${first.message}` : ''}`,
    { issues: fields, field: first?.path ?? null },
    `输入有误${first ? `：${first.path || '请求体'} ${first.message}` : ''}`,
  );
}

/** The one place errors become HTTP responses. */
export function errorHandler(log: Logger) {
  const outage = outageLog(log);
  return (err: Error, c: Context<Env>) => {
    const locale = c.get('locale') ?? 'zh-CN';
    let e: AppError;
    let fromDb: AppError | null = null;
    if (err instanceof AppError && err.code === 'database_unavailable') {
      outage(err.cause);
      e = err;
    } else if (err instanceof AppError) e = err;
    else if (isConnectionError(err)) {
      outage(err);
      e = databaseUnavailable(err);
    }
    else if (err instanceof HTTPException) {
      e =
        err.status === 413
          ? new AppError('payload_too_large', 'Request body too large.', {}, '请求内容过大。')
          : new AppError('bad_request', err.message || 'Bad request', {}, '请求格式错误。');
    } else if ((err as { code?: string }).code === '40P01' || (err as { code?: string }).code === '40001') {
      e = new AppError('conflict', 'A concurrent change got in the way; try again.', {}, '与他人的操作冲突，请重试。');
    } else if ((fromDb = databaseInputError(err))) {
      // A safety net: the edge schemas should have refused this input; log it so the gap gets closed.
      e = fromDb;
      log.warn('input refused by the database', { sqlstate: (err as { code?: string }).code, error: String(err), path: c.req.path });
    } else {
      log.error('unhandled error', { error: String(err), stack: err.stack, path: c.req.path });
      e = new AppError('internal', 'Internal error', {}, '系统内部错误');
    }
    if (e.code === 'database_unavailable') c.header('Retry-After', '1');
    if (e.code === 'too_many_requests') c.header('Retry-After', String(e.details.retryAfterSeconds ?? 60));
    return c.json(errorBody(e, locale), e.status as ContentfulStatusCode);
  };
}

/**
 * PostgreSQL errors that mean "bad input", not "bug": the transaction has rolled back, so nothing
 * changed, and the caller gets a 4xx with a stable code. Matched on SQLSTATE, the same on the embedded database and a server.
 */
export function databaseInputError(err: unknown): AppError | null {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return null;
  if (code === '23P01') {
    return new AppError('validity_overlap', 'Another version is in force for part of that period.', { sqlstate: code }, '与已有版本的生效期重叠。');
  }
  if (code === '23505') return new AppError('conflict', 'That already exists.', { sqlstate: code }, '该记录已存在。');
  if (code === '23503') return new AppError('validation_failed', 'The input refers to something that does not exist.', { sqlstate: code }, '输入引用了不存在的对象。');
  if (code === '23502' || code === '23514') return new AppError('validation_failed', 'The input breaks a rule of the data.', { sqlstate: code }, '输入不符合数据规则。');
  // class 22: data exception (NUL and bad encodings 22021/22P05, out of range 22003, dates 22007/22008, text 22P02…)
  if (code.startsWith('22')) return new AppError('validation_failed', 'A value is out of range or malformed.', { sqlstate: code }, '输入的值超出范围或格式错误。');
  if (code === '54001') return new AppError('validation_failed', 'The input is too complex.', { sqlstate: code }, '输入过于复杂。');
  return null;
}
