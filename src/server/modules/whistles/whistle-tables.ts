import type { Duration } from '../deadlines/calendar.ts';

export const WHISTLE_TYPES = ['routine', 'key_task', 'hard_problem', 'emergency'] as const;
export type WhistleType = (typeof WHISTLE_TYPES)[number];
export const WHISTLE_TRIGGERS = ['public_request', 'key_task', 'joint_enforcement', 'emergency'] as const;
export type WhistleTrigger = (typeof WHISTLE_TRIGGERS)[number];
export const WHISTLE_SCOPES = ['enforcement', 'emergency', 'major_task'] as const;
export type WhistleScope = (typeof WHISTLE_SCOPES)[number];

export type WhistlePolicyRow = {
  id: number;
  version: number;
  name: string;
  calendar: string;
  limits: Record<WhistleType, Duration>;
  warn_before_minutes: number;
  contest_days: number;
  valid_from: Date;
  valid_to: Date | null;
  created_by: number | null;
  created_at: Date;
};

export type WhistleRow = {
  id: number;
  type: WhistleType;
  trigger: WhistleTrigger;
  scope: WhistleScope;
  scope_reason: string;
  title: string;
  description: string;
  place: string | null;
  lon: number | null;
  lat: number | null;
  on_site: boolean;
  street_id: number;
  district_id: number | null;
  blown_by: number | null;
  blown_by_unit_id: number | null;
  policy_id: number;
  proposal: Record<string, unknown>;
  status: 'open' | 'escalated' | 'closed';
  result: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  escalated_at: Date | null;
  closed_at: Date | null;
};

export type SummonsStatus = 'pending' | 'reported' | 'acted' | 'released';

export type SummonsRow = {
  id: number;
  whistle_id: number;
  unit_id: number;
  source: 'proposed' | 'added' | 'district' | 'stationed';
  /** Stationed staff (派驻人员) the street dispatched for this department, if any. */
  stationed_staff_ids: number[];
  status: SummonsStatus;
  due_at: Date;
  late: boolean;
  late_flagged_at: Date | null;
  late_minutes: number | null;
  reported_at: Date | null;
  reported_by: number | null;
  person: string | null;
  arrived_at: Date | null;
  arrived_lon: number | null;
  arrived_lat: number | null;
  released_at: Date | null;
  release_reason: string | null;
  created_at: Date;
};

export type WhistleActionRow = { id: number; whistle_id: number; summons_id: number; unit_id: number; text: string; created_by: number | null; created_at: Date };

export type RatingStatus = 'given' | 'contested' | 'upheld' | 'revised';

export type WhistleRatingRow = {
  id: number;
  whistle_id: number;
  unit_id: number;
  rater_unit_id: number;
  timeliness: number;
  attitude: number;
  effectiveness: number;
  comment: string;
  status: RatingStatus;
  contest_due_at: Date;
  contest_reason: string | null;
  contested_by: number | null;
  contested_at: Date | null;
  original: { timeliness: number; attitude: number; effectiveness: number } | null;
  decision_note: string | null;
  decided_by: number | null;
  decided_at: Date | null;
  created_by: number | null;
  created_at: Date;
};

export type WhistleEventRow = {
  id: number;
  whistle_id: number;
  type: string;
  action: string | null;
  actor_id: number | null;
  actor_role: string | null;
  actor_unit_id: number | null;
  unit_id: number | null;
  at: Date;
  from_status: string | null;
  to_status: string | null;
  reason: string | null;
  data: Record<string, unknown>;
};

export type StationedStaffRow = {
  id: number;
  street_id: number;
  department_id: number;
  name: string;
  phone: string | null;
  active: boolean;
  created_by: number | null;
  created_at: Date;
};

export type WhistleSupervisionRow = {
  id: number;
  district_id: number;
  unit_id: number;
  kind: 'reminder' | 'interview' | 'priority';
  note: string;
  whistle_id: number | null;
  created_by: number | null;
  created_at: Date;
};

export type WhistlePhotoRow = {
  id: number;
  whistle_id: number;
  action_id: number | null;
  kind: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  store: string;
  created_by: number | null;
  created_at: Date;
};

/** 双报到 on a 攻坚哨: the two district leaders who must each report in (seed 004): the 区委常委 assigned to the street, the deputy district head in charge. */
export const LEADER_POSTS = ['standing_committee', 'deputy_head'] as const;
export type LeaderPost = (typeof LEADER_POSTS)[number];

export type LeaderReportInRow = {
  summons_id: number;
  post: LeaderPost;
  person: string;
  reported_at: Date;
  reported_by: number | null;
  late_minutes: number | null;
};
