import { AppError } from '../../lib/errors.ts';
import { STATUSES } from './work-order-workflow.ts';

/** What lists and searches share: the filter, the summary columns, cursors and the count cap. */

export type ListFilter = {
  queue: 'mine' | 'all';
  status?: string;
  q?: string;
  overdue?: 'true' | 'false';
  category?: string;
  streetId?: number;
  urgency?: string;
  channel?: string;
  leadUnitId?: number;
  from?: Date;
  to?: Date;
  sort?: 'received' | 'due';
  cursor?: string;
  page: number;
  pageSize: number;
};

/** Counts above this are reported as "at least" rather than counted to the end. */
export const COUNT_CAP = 1000;

export const SUMMARY_COLS = `o.id, o.code, o.status, o.version, o.title, o.request_type, o.urgency, o.channel, o.received_at, o.updated_at,
  o.due_dispatch_at, o.due_sign_at, o.due_contact_at, o.due_feedback_at, o.overdue_stages, o.excluded,
  o.dispatched_at, o.held_from_status, o.reopen_count, o.category, sp.warn_fraction,
  exists (select 1 from supervisions s where s.order_id = o.id and s.kind <> 'warning') as supervised,
  lu.name as lead_unit_name, st.name as street_name`;
export const SUMMARY_JOINS = 'left join units lu on lu.id = o.lead_unit_id left join units st on st.id = o.street_id left join sla_policies sp on sp.id = o.sla_policy_id';
export const DUE_SQL = `case o.status when 'received' then o.due_dispatch_at when 'dispatched' then o.due_sign_at
  when 'signed' then o.due_contact_at when 'in_progress' then o.due_feedback_at end`;

export function encodeCursor(parts: unknown[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(s: string | undefined, shape: ('date' | 'number')[]): unknown[] | null {
  if (!s) return null;
  try {
    const parts = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown[];
    if (!Array.isArray(parts) || parts.length !== shape.length) throw new Error('shape');
    return parts.map((v, i) => {
      if (shape[i] === 'number' && typeof v === 'number' && Number.isFinite(v)) return v;
      if (shape[i] === 'date' && typeof v === 'string' && !Number.isNaN(Date.parse(v))) return new Date(v);
      throw new Error('part');
    });
  } catch {
    throw new AppError('validation_failed', 'The cursor is not one this list gave out.', { field: 'cursor' }, '分页游标无效，请从第一页重新开始。');
  }
}

export function parseStatuses(s: string | undefined): string[] | null {
  if (!s) return null;
  return s.split(',').filter((x) => (STATUSES as readonly string[]).includes(x));
}

