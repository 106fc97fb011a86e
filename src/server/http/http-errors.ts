import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { AppError, errorBody } from '../lib/errors.ts';
import type { Env } from './http-context.ts';
import type { Logger } from '../lib/ctx.ts';

/** Turns zod issues into the details clients show next to fields. */
export function validationError(issues: z.core.$ZodIssue[]): AppError {
  const fields = issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }));
  const first = fields[0];
  return new AppError(
    'validation_failed',
    `Invalid input${first ? `: ${first.path || '(body)'} ${first.message}` : ''}`,
    { issues: fields },
    `输入有误${first ? `：${first.path || '请求体'} ${first.message}` : ''}`,
  );
}

/** The one place errors become HTTP responses. */
export function errorHandler(log: Logger) {
  return (err: Error, c: Context<Env>) => {
    const locale = c.get('locale') ?? 'zh-CN';
    let e: AppError;
    if (err instanceof AppError) e = err;
    else if (err instanceof HTTPException) {
      e =
        err.status === 413
          ? new AppError('payload_too_large', 'Request body too large.', {}, '请求内容过大。')
          : new AppError('bad_request', err.message || 'Bad request', {}, '请求格式错误。');
    } else if ((err as { code?: string }).code === '40P01' || (err as { code?: string }).code === '40001') {
      e = new AppError('conflict', 'A concurrent change got in the way; try again.', {}, '与他人的操作冲突，请重试。');
    } else {
      log.error('unhandled error', { error: String(err), stack: err.stack, path: c.req.path });
      e = new AppError('internal', 'Internal error', {}, '系统内部错误');
    }
    return c.json(errorBody(e, locale), e.status as ContentfulStatusCode);
  };
}
