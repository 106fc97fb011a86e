import type { Queryable } from '../../db/client.ts';
import { rebuildVisibility } from '../work-orders/work-order-access.ts';
import type {
  GenAssignment, GenCallback, GenDeadline, GenDispute, GenEvent, GenExclusion, GenExtension, GenOrder, GenSupervision, HistoryBatch, Ms,
} from './history-tables.ts';

/**
 * Every row the generator writes goes through here: one column list per table, loaded with one
 * multi-row `insert … select from unnest($1::…[], …)` per table and batch, so a batch of thousands
 * of orders costs nine statements whatever its size.
 */
type Kind = 'int8' | 'int4' | 'text' | 'bool' | 'float8' | 'ts' | 'jsonb' | 'text[]';
type Col<R> = [name: string, kind: Kind, get: (r: R) => unknown];

const SEP = '\u001f';
const PARAM: Record<Kind, string> = { int8: 'int8', int4: 'int4', text: 'text', bool: 'bool', float8: 'float8', ts: 'float8', jsonb: 'text', 'text[]': 'text' };
const expr = (kind: Kind, c: string) =>
  kind === 'ts' ? `to_timestamp(${c} / 1000.0)` : kind === 'jsonb' ? `${c}::jsonb` : kind === 'text[]' ? `string_to_array(${c}, chr(31))` : c;
const list = (a: string[]) => a.join(SEP);

/** A PostgreSQL array literal, built directly: much cheaper than the driver's generic serialiser for millions of values. */
function literal(values: unknown[], quoted: boolean): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else if (quoted) out += `"${(v as string).replace(/["\\]/g, '\\$&')}"`;
    else if (typeof v === 'boolean') out += v ? 't' : 'f';
    else out += String(v);
  }
  return `${out}}`;
}

async function insertRows<R>(q: Queryable, table: string, cols: Col<R>[], rows: R[]): Promise<void> {
  if (!rows.length) return;
  const params = cols.map(([, kind, get]) => {
    const quoted = kind === 'text' || kind === 'jsonb' || kind === 'text[]';
    return literal(rows.map((r) => (kind === 'text[]' ? list(get(r) as string[]) : get(r))), quoted);
  });
  const names = cols.map((c) => c[0]).join(', ');
  const exprs = cols.map(([, kind], i) => expr(kind, `c${i}`)).join(', ');
  const args = cols.map(([, kind], i) => `$${i + 1}::${PARAM[kind]}[]`).join(', ');
  const aliases = cols.map((_, i) => `c${i}`).join(', ');
  await q.query(`insert into ${table}(${names}) select ${exprs} from unnest(${args}) as t(${aliases})`, params);
}

const col = <R>(kind: Kind, ...names: (keyof R & string)[]): Col<R>[] => names.map((n) => [n, kind, (r: R) => r[n]]);

const ORDER_COLS: Col<GenOrder>[] = [
  ...col<GenOrder>('int8', 'id', 'merged_into_id'),
  ...col<GenOrder>('text', 'code', 'status', 'channel', 'request_type', 'title', 'text', 'urgency', 'category', 'address',
    'requester_name', 'requester_phone', 'held_from_status', 'answer', 'close_reason', 'feedback_text'),
  ...col<GenOrder>('int4', 'version', 'district_id', 'street_id', 'community_id', 'grid_id', 'lead_unit_id', 'sla_policy_id',
    'reopen_count', 'extension_count', 'created_by', 'taxonomy_version_id', 'duty_list_id', 'dispatch_rule_id'),
  ...col<GenOrder>('float8', 'lon', 'lat'),
  ...col<GenOrder>('bool', 'requester_anonymous', 'excluded', 'feedback_solved', 'routing_overridden'),
  ...col<GenOrder>('ts', 'received_at', 'dispatched_at', 'signed_at', 'first_contact_at', 'feedback_at', 'closed_at',
    'due_dispatch_at', 'due_sign_at', 'due_contact_at', 'due_feedback_at', 'updated_at'),
  ...col<GenOrder>('text[]', 'overdue_stages', 'tokens'),
  ...col<GenOrder>('jsonb', 'routing_proposal'),
];
const EVENT_COLS: Col<GenEvent>[] = [
  ...col<GenEvent>('int8', 'order_id'), ...col<GenEvent>('int4', 'seq', 'actor_id', 'actor_unit_id'),
  ...col<GenEvent>('text', 'type', 'action', 'actor_role', 'from_status', 'to_status', 'reason'), ...col<GenEvent>('ts', 'at'), ...col<GenEvent>('jsonb', 'data'),
];
const ASSIGNMENT_COLS: Col<GenAssignment>[] = [
  ...col<GenAssignment>('int8', 'order_id'), ...col<GenAssignment>('int4', 'unit_id'), ...col<GenAssignment>('text', 'role', 'report'),
  ...col<GenAssignment>('bool', 'active'), ...col<GenAssignment>('ts', 'assigned_at', 'reported_at'),
];
// The load runs with triggers off, so the timer's subject (a work order: its own id) is written here.
type DeadlineRow = GenDeadline & { subject_id: number };
const DEADLINE_COLS: Col<DeadlineRow>[] = [
  ...col<DeadlineRow>('int8', 'order_id', 'subject_id'), ...col<DeadlineRow>('text', 'stage', 'kind'), ...col<DeadlineRow>('ts', 'fire_at', 'fired_at'),
  ...col<DeadlineRow>('bool', 'cancelled'),
];
const CALLBACK_COLS: Col<GenCallback>[] = [
  ...col<GenCallback>('int8', 'order_id'), ...col<GenCallback>('int4', 'round', 'agent_id'), ...col<GenCallback>('bool', 'valid', 'contacted', 'solved'),
  ...col<GenCallback>('text', 'satisfaction', 'note'), ...col<GenCallback>('ts', 'at'),
];
const EXTENSION_COLS: Col<GenExtension>[] = [
  ...col<GenExtension>('int8', 'order_id'), ...col<GenExtension>('int4', 'unit_id', 'requested_by', 'decided_by'),
  ...col<GenExtension>('text', 'reason', 'status', 'decision_note'), ...col<GenExtension>('jsonb', 'duration'), ...col<GenExtension>('bool', 'requester_informed'),
  ...col<GenExtension>('ts', 'requested_at', 'decided_at', 'old_due_at', 'new_due_at'),
];
const DISPUTE_COLS: Col<GenDispute>[] = [
  ...col<GenDispute>('int8', 'order_id'), ...col<GenDispute>('int4', 'unit_id', 'suggested_unit_id', 'raised_by', 'decided_by'),
  ...col<GenDispute>('text', 'reason', 'status', 'decision_note'), ...col<GenDispute>('ts', 'raised_at', 'decided_at'),
];
const EXCLUSION_COLS: Col<GenExclusion>[] = [
  ...col<GenExclusion>('int8', 'order_id'), ...col<GenExclusion>('int4', 'requested_by', 'decided_by'),
  ...col<GenExclusion>('text', 'reason', 'status', 'decision_note'), ...col<GenExclusion>('ts', 'requested_at', 'decided_at'),
];
const SUPERVISION_COLS: Col<GenSupervision>[] = [
  ...col<GenSupervision>('int8', 'order_id'), ...col<GenSupervision>('int4', 'created_by'), ...col<GenSupervision>('text', 'kind', 'stage', 'note'),
  ...col<GenSupervision>('ts', 'created_at'),
];

/** Writes one batch; orders first, since every other table refers to them. `skipChecks` needs a superuser (session_replication_role). */
export async function loadBatch(q: Queryable, b: HistoryBatch, skipChecks = false): Promise<void> {
  if (skipChecks) await q.query(`set local session_replication_role = replica`);
  await insertRows(q, 'work_orders', ORDER_COLS, b.orders);
  await insertRows(q, 'work_order_events', EVENT_COLS, b.events);
  await insertRows(q, 'work_order_assignments', ASSIGNMENT_COLS, b.assignments);
  await insertRows(q, 'deadlines', DEADLINE_COLS, b.deadlines.map((d) => ({ ...d, subject_id: d.order_id })));
  await insertRows(q, 'callbacks', CALLBACK_COLS, b.callbacks);
  await insertRows(q, 'extensions', EXTENSION_COLS, b.extensions);
  await insertRows(q, 'disputes', DISPUTE_COLS, b.disputes);
  await insertRows(q, 'exclusions', EXCLUSION_COLS, b.exclusions);
  await insertRows(q, 'supervisions', SUPERVISION_COLS, b.supervisions);
}

/**
 * Order ids and code numbers come from the same sequences live intake uses, reserved a block at a
 * time, so generated orders never collide with orders taken in while (or after) they load.
 */
export async function reserveIds(q: Queryable, n: number): Promise<{ ids: number[]; codes: number[] }> {
  const r = await q.query<{ id: number; code: number }>(
    `select nextval(pg_get_serial_sequence('work_orders', 'id'))::int8 as id, nextval('work_order_code_seq')::int8 as code from generate_series(1, $1::int)`,
    [n],
  );
  return { ids: r.rows.map((x) => Number(x.id)).sort((a, b) => a - b), codes: r.rows.map((x) => Number(x.code)).sort((a, b) => a - b) };
}

export type HistoryRange = { fromId: number; toId: number; from: Ms; to: Ms };

/**
 * The one place where what is derived from generated rows is brought up to date once they are all in
 * (the visibility index and its counts for `range`, then planner statistics).
 */
export async function finalizeHistory(q: Queryable, range: HistoryRange): Promise<void> {
  await rebuildVisibility(q, { orderIdFrom: range.fromId, orderIdTo: range.toId });
  await q.exec('analyze work_orders; analyze work_order_events; analyze work_order_assignments; analyze deadlines; analyze callbacks');
}
