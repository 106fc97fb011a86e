import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Env } from './http-context.ts';
import { validationError } from './http-errors.ts';
import { queryId } from './input-schemas.ts';

/** Every module's router: invalid input becomes our validation_failed error, never Hono's default. */
export function router() {
  return new OpenAPIHono<Env>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error.issues);
    },
  });
}

export const ErrorSchema = z
  .object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()) })
  .openapi('Error');

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });

export const STANDARD_ERRORS = {
  400: errorResponse('Invalid input (validation_failed, bad_request)'),
  401: errorResponse('Not signed in (unauthenticated)'),
  403: errorResponse('Not allowed (forbidden)'),
  404: errorResponse('Unknown id (not_found)'),
  409: errorResponse('Not allowed in the current state (invalid_transition) or stale version (version_conflict)'),
} as const;

export const TOO_MANY_REQUESTS = errorResponse('Too many attempts (too_many_requests); wait the Retry-After seconds');

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

export const IdParam = z.object({
  id: queryId().openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});
