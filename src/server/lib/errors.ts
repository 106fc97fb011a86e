/**
 * The one error type. Codes are stable (clients and tests match on them); the HTTP status for each
 * code lives in one table here, and messages are given in both languages so the console can show
 * the user's.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  invalid_transition: 409,
  entry_refused: 409,
  version_conflict: 409,
  conflict: 409,
  validity_overlap: 409,
  ambiguous_version: 409,
  last_admin: 409,
  self_lockout: 409,
  unit_in_use: 409,
  csrf_refused: 403,
  too_many_requests: 429,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  out_of_scope: 422,
  outside_own_grid: 422,
  payload_too_large: 413,
  database_unavailable: 503,
  too_many_streams: 503,
  report_font_missing: 422,
  unknown_unit: 422,
  duplicate_name: 409,
  outside_city: 422,
  invalid_geometry: 422,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly messageZh?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function notFound(what: string, id: unknown): AppError {
  return new AppError('not_found', `${what} ${String(id)} not found`, { what, id }, `未找到${whatZh(what)} ${String(id)}`);
}

export function forbidden(message: string, messageZh: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('forbidden', message, details, messageZh);
}

function whatZh(what: string): string {
  const names: Record<string, string> = {
    'work order': '工单',
    unit: '单位',
    user: '用户',
    attachment: '附件',
    whistle: '哨',
    notification: '通知',
    'answer template': '答复模板',
    place: '地名',
  };
  return names[what] ?? what;
}

export function errorBody(e: AppError, locale: string) {
  return {
    code: e.code,
    message: locale.startsWith('zh') && e.messageZh ? e.messageZh : e.message,
    details: e.details,
  };
}
