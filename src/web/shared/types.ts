import type { RecordedProposal } from './routing-types.ts';

/** The JSON the server sends, as the web apps use it (see src/server/modules/*-presenter and routes). */
export type Grant = { role: string; unitId: number | null; unitName: string | null };
export type Me = { userId: number; username: string; displayName: string; kind: 'staff' | 'citizen'; locale: string; grants: Grant[] };

export type Due = { stage: string; at: string } | null;
/** A queue row's clock: when the stage's warning starts, and what decision a held order waits for. */
export type RowDue = { stage: string; at: string; warnAt: string | null; waitingFor: 'dispute' | 'escalation' | null } | null;

export type OrderSummary = {
  id: number;
  code: string;
  status: string;
  version: number;
  title: string;
  requestType: string;
  urgency: string;
  channel: string;
  receivedAt: string;
  updatedAt?: string;
  leadUnitName: string | null;
  streetName: string | null;
  category?: string | null;
  due: RowDue;
  overdueStages: string[];
  excluded: boolean;
  supervised?: boolean;
  reopenCount?: number;
};

/** A list page: `total` is exact when `totalExact`, otherwise a lower bound; follow `nextCursor` for the next page. */
export type Page<T> = { total: number; totalExact?: boolean; nextCursor?: string | null; page: number; pageSize: number; items: T[] };

export type UnitRef = { id: number; name: string; kind: string } | null;
export type Row = Record<string, unknown>;

export type TimelineEvent = {
  seq: number;
  type: string;
  action: string | null;
  at: string;
  actor_name: string | null;
  actor_role: string | null;
  actor_unit_name: string | null;
  from_status: string | null;
  to_status: string | null;
  reason: string | null;
  data: Record<string, unknown> | null;
};

export type OrderDetail = {
  id: number;
  code: string;
  status: string;
  version: number;
  channel: string;
  requestType: string;
  title: string;
  text: string;
  urgency: string;
  category: string | null;
  /** Not in every server version yet: older ones carry the proposal only on the dispatch event. */
  routing?: {
    taxonomyVersionId: number | null;
    dutyListId: number | null;
    dispatchRuleId: number | null;
    proposal: RecordedProposal | null;
    overridden: boolean | null;
  };
  categoryPath?: { code: string; name: string }[] | null;
  location: { district: UnitRef; street: UnitRef; community: UnitRef; grid: UnitRef; address: string | null; lon: number | null; lat: number | null };
  requester: { name: string | null; phone: string | null; anonymous: boolean; masked: boolean };
  /** Given only to the hotline roles that speak to requesters, to repeat to a caller who lost it. */
  trackingSecret?: string;
  leadUnit: UnitRef;
  assignments: Row[];
  times: Record<'receivedAt' | 'dispatchedAt' | 'signedAt' | 'firstContactAt' | 'feedbackAt' | 'closedAt', string | null>;
  due: Record<'dispatch' | 'sign' | 'firstContact' | 'feedback', string | null>;
  currentDue: Due;
  overdueStages: string[];
  reopenCount: number;
  extensionCount: number;
  excluded: boolean;
  answer: string | null;
  closeReason: string | null;
  feedback: { text: string; solved: boolean | null; at: string } | null;
  mergedInto: Row | null;
  mergedFrom: Row[];
  allowedActions: string[];
  events: TimelineEvent[];
  callbacks: Row[];
  extensions: Row[];
  disputes: Row[];
  exclusions: Row[];
  supervisions: Row[];
  attachments: Row[];
};

export type Unit = { id: number; code: string; name: string; kind: string; parent_id: number | null; district_id: number | null; tier?: string | null };
export type UnitWithChain = Unit & { chain: { id: number; name: string; kind: string }[] };

export type Tracking = {
  code: string;
  status: string;
  merged: boolean;
  mergedIntoCode: string | null;
  title: string;
  requestType: string;
  receivedAt: string;
  handlingUnit: string | null;
  answer: string | null;
  result: string | null;
  closedAt: string | null;
  timeline: { type: string; at: string; status: string | null; unitName: string | null; text?: string | null; channel?: string | null }[];
  expectedReplyAt?: string | null;
  expectedReplyStage?: 'dispatch' | 'feedback' | null;
  canAnswerCallback?: boolean;
  canAskRehandling?: boolean;
  canAddInformation?: boolean;
};

export type MyRequest = { code: string; status: string; merged: boolean; title: string; receivedAt: string };

export type AttachmentPayload = { name: string; mime: string; contentBase64: string };

/** What POST /api/work-orders answers (lean on purpose; the full order is a GET away). */
export type IntakeResult = { id: number; code: string; status: string; version: number };
