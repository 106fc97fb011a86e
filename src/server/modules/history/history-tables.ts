/**
 * The rows the generator writes, one type per table, named by the table's columns. Instants are
 * epoch milliseconds (cheap to compute and compare by the million), converted once when loaded.
 */
export type Ms = number;

export type GenOrder = {
  id: number; code: string; status: string; version: number; channel: string; request_type: string;
  title: string; text: string; urgency: string; category: string | null;
  district_id: number | null; street_id: number | null; community_id: number | null; grid_id: number | null;
  address: string | null; lon: number | null; lat: number | null;
  requester_name: string | null; requester_phone: string | null; requester_anonymous: boolean;
  lead_unit_id: number | null; sla_policy_id: number; received_at: Ms;
  dispatched_at: Ms | null; signed_at: Ms | null; first_contact_at: Ms | null; feedback_at: Ms | null; closed_at: Ms | null;
  due_dispatch_at: Ms | null; due_sign_at: Ms | null; due_contact_at: Ms | null; due_feedback_at: Ms | null;
  overdue_stages: string[]; reopen_count: number; extension_count: number; excluded: boolean;
  merged_into_id: number | null; held_from_status: string | null; answer: string | null; close_reason: string | null;
  feedback_text: string | null; feedback_solved: boolean | null; created_by: number | null; updated_at: Ms;
  taxonomy_version_id: number | null; duty_list_id: number | null; dispatch_rule_id: number | null;
  routing_proposal: string | null; routing_overridden: boolean | null; tokens: string[];
};

export type GenEvent = {
  order_id: number; seq: number; type: string; action: string | null; actor_id: number | null; actor_role: string | null;
  actor_unit_id: number | null; at: Ms; from_status: string | null; to_status: string | null; reason: string | null; data: string;
};

export type GenAssignment = {
  order_id: number; unit_id: number; role: 'lead' | 'co_handler' | 'copy'; active: boolean; assigned_at: Ms;
  report: string | null; reported_at: Ms | null;
};

export type GenDeadline = {
  order_id: number; stage: string; kind: 'warn' | 'due'; fire_at: Ms; fired_at: Ms | null; cancelled: boolean;
  /** when the sweep would reach it (fire_at plus its lag); not a column */
  sweep_at: Ms;
};

export type GenCallback = {
  order_id: number; round: number; valid: boolean; contacted: boolean | null; solved: boolean | null;
  satisfaction: string | null; note: string | null; agent_id: number | null; at: Ms;
};

export type GenExtension = {
  order_id: number; unit_id: number; reason: string; duration: string; requester_informed: boolean; status: string;
  requested_by: number | null; requested_at: Ms; decided_by: number | null; decided_at: Ms | null; decision_note: string | null;
  old_due_at: Ms | null; new_due_at: Ms | null;
};

export type GenDispute = {
  order_id: number; unit_id: number; reason: string; suggested_unit_id: number | null; status: string; raised_by: number | null;
  raised_at: Ms; decided_by: number | null; decided_at: Ms | null; decision_note: string | null;
};

export type GenExclusion = {
  order_id: number; reason: string; status: string; requested_by: number | null; requested_at: Ms;
  decided_by: number | null; decided_at: Ms | null; decision_note: string | null;
};

export type GenSupervision = { order_id: number; kind: string; stage: string | null; note: string | null; created_by: number | null; created_at: Ms };

/** Everything one batch of orders writes, table by table. */
export type HistoryBatch = {
  orders: GenOrder[]; events: GenEvent[]; assignments: GenAssignment[]; deadlines: GenDeadline[]; callbacks: GenCallback[];
  extensions: GenExtension[]; disputes: GenDispute[]; exclusions: GenExclusion[]; supervisions: GenSupervision[];
};

export const emptyBatch = (): HistoryBatch => ({
  orders: [], events: [], assignments: [], deadlines: [], callbacks: [], extensions: [], disputes: [], exclusions: [], supervisions: [],
});
