/** Row types of the evaluation tables (0010_evaluation.sql) and of the work-order rows it reads. */

export type EventRow = { id: number; order_id: number; type: string; at: Date; data: Record<string, unknown> };

export type CallbackRow = {
  id: number;
  order_id: number;
  round: number;
  valid: boolean;
  contacted: boolean | null;
  solved: boolean | null;
  satisfaction: string | null;
  at: Date;
};

export type CallbackFactRow = {
  callback_id: number;
  event_id: number;
  order_id: number;
  round: number;
  at: Date;
  lead_unit_id: number | null;
  co_handler_unit_ids: number[];
  valid: boolean;
  contacted: boolean | null;
  solved: boolean | null;
  satisfaction: string | null;
};

export type OrderResultRow = {
  unit_id: number;
  period: string;
  order_id: number;
  callback_id: number;
  weight: number;
  contacted: boolean;
  solved: boolean;
  satisfaction: string;
  appeal_id: number | null;
};

export type RollupRow = {
  period: string;
  unit_id: number;
  valid_callbacks: number;
  contacted: number;
  solved: number;
  satisfied: number;
  basically_satisfied: number;
};

export type PolicyRow = {
  id: number;
  unit_kind: string;
  version: number;
  valid_from: string;
  valid_to: string | null;
  rules: unknown;
  note: string | null;
  created_by: number | null;
  created_at: Date;
};

export type CheckpointRow = { name: string; last_event_id: number; gap_xmax: string | null; updated_at: Date | null };

export type Corrected = { contacted: boolean; solved: boolean; satisfaction: string };

export type AppealRow = {
  id: number;
  callback_id: number;
  order_id: number;
  unit_id: number;
  period: string;
  reason: string;
  outcome: 'invalidate' | 'correct';
  corrected: Corrected | null;
  status: 'pending' | 'approved' | 'rejected';
  filed_by: number | null;
  filed_at: Date;
  decided_by: number | null;
  decided_at: Date | null;
  decision_note: string | null;
};

export type SnapshotRow = {
  id: number;
  grp: string;
  period: string;
  version: number;
  items: unknown;
  diff: unknown;
  reason: string | null;
  published_by: number | null;
  published_at: Date;
};

export type UnitRow = { id: number; code: string; name: string; name_en: string | null; kind: string; path: string; district_id: number | null; population: number | null; parent_id: number | null };

export type DimensionMapRow = { id: number; version: number; entries: unknown; note: string | null; created_by: number | null; created_at: Date };

export type RejudgeJobRow = {
  id: number;
  reason: string;
  status: 'running' | 'done' | 'superseded';
  total: number;
  done: number;
  cursor_order_id: number;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
};
