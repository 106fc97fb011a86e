import type { Status } from './work-order-workflow.ts';

/** Row types of the work-order tables, declared once. */

export type OrderRow = {
  id: number;
  code: string;
  status: Status;
  version: number;
  channel: string;
  request_type: string;
  title: string;
  text: string;
  urgency: string;
  category: string | null;
  district_id: number | null;
  street_id: number | null;
  community_id: number | null;
  grid_id: number | null;
  address: string | null;
  lon: number | null;
  lat: number | null;
  requester_name: string | null;
  requester_phone: string | null;
  requester_anonymous: boolean;
  requester_user_id: number | null;
  lead_unit_id: number | null;
  sla_policy_id: number | null;
  received_at: Date;
  dispatched_at: Date | null;
  signed_at: Date | null;
  first_contact_at: Date | null;
  feedback_at: Date | null;
  closed_at: Date | null;
  due_dispatch_at: Date | null;
  due_sign_at: Date | null;
  due_contact_at: Date | null;
  due_feedback_at: Date | null;
  overdue_stages: string[];
  reopen_count: number;
  extension_count: number;
  excluded: boolean;
  merged_into_id: number | null;
  held_from_status: Status | null;
  answer: string | null;
  close_reason: string | null;
  feedback_text: string | null;
  feedback_solved: boolean | null;
  created_by: number | null;
  updated_at: Date;
  taxonomy_version_id: number | null;
  duty_list_id: number | null;
  dispatch_rule_id: number | null;
  routing_proposal: Record<string, unknown> | null;
  routing_overridden: boolean | null;
  tokens: string[] | null;
  /** The last on-site confirmation (核查) by a grid member (migration 0017). */
  verified_at: Date | null;
};

/** work_order_visibility: who may see an order, and why (bits documented in migration 0005). */
export type VisibilityRow = { order_id: number; unit_id: number; received_at: Date; via: number; status: Status; overdue: boolean };

export type AttachmentRow = {
  id: number;
  order_id: number;
  kind: string;
  name: string;
  mime: string;
  size: number;
  content: Uint8Array | null;
  sha256: string | null;
  store: string | null;
  event_seq: number | null;
  created_by: number | null;
  created_at: Date;
};
