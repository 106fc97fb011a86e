/** Row types of the 每月一题 and long-term tracking tables (migration 0013), declared once. */

export type ThemeStatus = 'active' | 'closed';

export type MonthlyThemeRow = {
  id: number;
  title: string;
  month: string;
  summary: string;
  district_id: number;
  lead_unit_id: number;
  source: Record<string, unknown> | null;
  status: ThemeStatus;
  result: string | null;
  version: number;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
};

export type ThemeProblemRow = { id: number; theme_id: number; title: string; categories: string[]; terms: string[]; street_ids: number[]; created_at: Date };

export type ThemeTaskRow = {
  id: number;
  theme_id: number;
  problem_id: number | null;
  title: string;
  owner_unit_id: number;
  due_at: Date;
  status: 'open' | 'done';
  progress: string | null;
  overdue: boolean;
  done_at: Date | null;
  created_at: Date;
};

export type ThemePolicyRow = { id: number; theme_id: number; title: string; issued_on: string; text: string; link: string | null; created_at: Date };

export type MonthlyThemeEventRow = {
  id: number;
  theme_id: number;
  type: string;
  action: string | null;
  actor_id: number | null;
  actor_role: string | null;
  actor_unit_id: number | null;
  at: Date;
  from_status: string | null;
  to_status: string | null;
  data: Record<string, unknown>;
};

export type LongTermReason = 'policy' | 'history' | 'jurisdiction';
export const LONG_TERM_REASONS = ['policy', 'history', 'jurisdiction'] as const satisfies readonly LongTermReason[];

export type LongTermItemRow = {
  id: number;
  order_id: number;
  reason_kind: LongTermReason;
  reason: string;
  unit_id: number;
  district_id: number | null;
  review_days: number;
  next_review_at: Date;
  review_due: boolean;
  status: 'tracking' | 'resolved';
  version: number;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
};

export type LongTermEventRow = {
  id: number;
  item_id: number;
  type: string;
  actor_id: number | null;
  actor_role: string | null;
  actor_unit_id: number | null;
  at: Date;
  note: string | null;
  data: Record<string, unknown>;
};
