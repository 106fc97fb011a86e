/** Row types of the 未诉先办 tables (migration 0013), declared once. */
export type ForecastAlertRow = {
  id: number;
  street_id: number;
  district_id: number | null;
  category: string;
  week_start: string;
  expected: number;
  lower: number;
  upper: number;
  recent_weekly: number;
  status: 'open' | 'converted' | 'dismissed';
  created_at: Date;
};

export type ProactiveCaseStatus = 'open' | 'acting' | 'done';

export type ProactiveCaseRow = {
  id: number;
  alert_id: number | null;
  title: string;
  description: string;
  category: string | null;
  street_id: number | null;
  district_id: number | null;
  assigned_unit_id: number;
  status: ProactiveCaseStatus;
  result: string | null;
  version: number;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
};

export type ProactiveCaseEventRow = {
  id: number;
  case_id: number;
  type: string;
  actor_id: number | null;
  actor_role: string | null;
  actor_unit_id: number | null;
  at: Date;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  data: Record<string, unknown>;
};
