import type { Db, Queryable } from '../../db/client.ts';
import { rebuildVisibility } from '../work-orders/work-order-access.ts';
import { restoreLoadIndexes } from './history-indexes.ts';
import { rebuildAnalysisCounts } from '../analysis/analysis-consumer.ts';
import { rebuildRepeatGroups } from '../analysis/repeat-consumer.ts';
import { rebuildEvaluation } from '../evaluation/evaluation-rebuild.ts';
import { syncKeptPlaces } from '../evaluation/kept-counts.ts';
import { skipPastEvents } from '../notifications/event-consumer.ts';
import type {
  GenAssignment, GenCallback, GenDeadline, GenDispute, GenEvent, GenExclusion, GenExtension, GenOrder, GenSupervision, HistoryBatch, Ms,
} from './history-tables.ts';

/**
 * Every row the generator writes goes through here: one column list per table, loaded with one
 * `COPY … FROM STDIN` per table and batch in COPY's text format, built directly as strings (no
 * parameters, no driver serialiser), which is the cheapest way into PostgreSQL.
 */
type Kind = 'int8' | 'int4' | 'text' | 'bool' | 'float8' | 'ts' | 'jsonb' | 'text[]';
type Col<R> = [name: string, kind: Kind, get: (r: R) => unknown];

const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
/** A text value in COPY text format: only backslash, tab and line breaks need escaping. */
const copyText = (s: string) => (SPECIAL.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : s);
/** An array literal's element, quoted (commas, braces and spaces are then harmless). */
const element = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

function field(kind: Kind, v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  switch (kind) {
    case 'text':
    case 'jsonb':
      return copyText(v as string);
    case 'bool':
      return v ? 't' : 'f';
    case 'ts':
      return new Date(v as number).toISOString();
    case 'text[]':
      return copyText(`{${(v as string[]).map(element).join(',')}}`);
    default:
      return String(v);
  }
}

/**
 * Rows in COPY text format, a few thousand rows per chunk. Joined arrays rather than `+=`: the
 * string comes out flat, so turning it into bytes for the socket does not first walk a rope.
 */
function* copyLines<R>(cols: Col<R>[], rows: R[]): Generator<string> {
  const fields: string[] = new Array(cols.length);
  let lines: string[] = [];
  for (const r of rows) {
    for (let i = 0; i < cols.length; i++) fields[i] = field(cols[i][1], cols[i][2](r));
    lines.push(fields.join('\t'));
    if (lines.length === 4096) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length) yield `${lines.join('\n')}\n`;
}

async function copyRows<R>(q: Queryable, table: string, cols: Col<R>[], rows: R[]): Promise<void> {
  if (!rows.length) return;
  if (!q.copyFrom) throw new Error('history: loading needs a transaction on a PostgreSQL connection (COPY)');
  await q.copyFrom(`copy ${table}(${cols.map((c) => c[0]).join(', ')}) from stdin`, copyLines(cols, rows));
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
  await copyRows(q, 'work_orders', ORDER_COLS, b.orders);
  await copyRows(q, 'work_order_events', EVENT_COLS, b.events);
  await copyRows(q, 'work_order_assignments', ASSIGNMENT_COLS, b.assignments);
  await copyRows(q, 'deadlines', DEADLINE_COLS, b.deadlines.map((d) => ({ ...d, subject_id: d.order_id })));
  await copyRows(q, 'callbacks', CALLBACK_COLS, b.callbacks);
  await copyRows(q, 'extensions', EXTENSION_COLS, b.extensions);
  await copyRows(q, 'disputes', DISPUTE_COLS, b.disputes);
  await copyRows(q, 'exclusions', EXCLUSION_COLS, b.exclusions);
  await copyRows(q, 'supervisions', SUPERVISION_COLS, b.supervisions);
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
 * (the visibility index and its counts for `range`, then planner statistics). With `recount` the
 * analysis counts and the evaluation are computed afresh rather than left to their consumers, which
 * would otherwise re-read every generated event one batch at a time.
 */
export async function finalizeHistory(db: Db, range: HistoryRange, opts: { recount?: boolean; note?: (text: string) => void } = {}): Promise<void> {
  const note = opts.note ?? (() => {});
  // The steps below are independent of each other within a stage and each mostly one statement on
  // one backend, so a stage runs its steps side by side: the server spreads them over its cores.
  await timed(note, 'visibility index filled', () => Promise.all(halves(range.fromId, range.toId).map(([a, b]) => rebuildVisibility(db, { orderIdFrom: a, orderIdTo: b }))));
  await restoreLoadIndexes(db, (name, s) => note(`index ${name} built in ${s.toFixed(1)} s`), 2);
  if (opts.recount) {
    await timed(note, 'derived counts rebuilt', () => Promise.all([
      timed(note, 'analysis daily counts rebuilt', () => rebuildAnalysisCounts(db)),
      timed(note, 'repeat groups rebuilt', () => rebuildRepeatGroups(db)),
      timed(note, 'evaluation of called-back orders rebuilt', () => rebuildEvaluation(db), (n) => ` (${n.toLocaleString('en')} orders)`),
    ]));
  } else await syncKeptPlaces(db, range.fromId, range.toId);
  // Notices are for what happens from now on: nobody is told today of a dispatch made last spring.
  await skipPastEvents(db);
  await timed(note, 'statistics', () =>
    db.exec('analyze work_orders; analyze work_order_events; analyze work_order_assignments; analyze deadlines; analyze callbacks; analyze work_order_visibility'));
}

async function timed<T>(note: (text: string) => void, what: string, run: () => Promise<T>, tail: (r: T) => string = () => ''): Promise<T> {
  const t = performance.now();
  const r = await run();
  note(`${what} in ${((performance.now() - t) / 1000).toFixed(1)} s${tail(r)}`);
  return r;
}

/** An id range cut in two (one piece when it is small). */
function halves(from: number, to: number): [number, number][] {
  if (to - from < 10_000) return [[from, to]];
  const mid = Math.floor((from + to) / 2);
  return [[from, mid], [mid + 1, to]];
}
