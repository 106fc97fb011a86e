import type { LeaderPost } from '../../../server/modules/whistles/whistle-tables.ts';

export type ReportIn = {
  id: number; unitId: number; unitCode: string; unitName: string; dueAt: string; status: string; late: boolean; lateMinutes: number | null;
  reportedAt: string | null; person: string | null; source: string; arrival: { at: string; lon: number; lat: number } | null; releasedAt: string | null; releaseReason: string | null;
  stationed?: { id: number; name: string; phone: string | null }[];
  /** 双报到: the district's summons on a 攻坚哨, one entry per leader post; null for every other summons. */
  leaders: { post: LeaderPost; person: string | null; reportedAt: string | null; lateMinutes: number | null }[] | null;
};
export type WhistlePhoto = { id: number; actionId: number | null; name: string; mime: string; kind: string; size: number; createdAt: string; url: string };
export type StationedStaff = { id: number; departmentId: number; departmentName: string; name: string; phone: string | null; createdAt: string };
export type WhistleSummary = {
  id: number; version: number; status: string; type: string; trigger: string; scope: string; title: string; streetId: number; streetName: string;
  onSite: boolean; createdAt: string; closedAt: string | null; reportIns: ReportIn[];
};
export type Rating = {
  unitId: number; unitName: string; timeliness: number; attitude: number; effectiveness: number; comment: string; status: string;
  contestDueAt: string; contestReason: string | null; decisionNote: string | null; original: { timeliness: number; attitude: number; effectiveness: number } | null;
};
export type WhistleEvent = { id: number; type: string; at: string; reason: string | null; unitName: string | null; actorName: string | null; actorRole: string | null; data: Record<string, unknown> };
export type WhistleDetail = WhistleSummary & {
  scopeReason: string; description: string; place: string | null; lon: number | null; lat: number | null; result: string | null;
  proposal: { units?: { unitId: number; name: string }[]; streetActsItself?: { zh: string }[]; added?: number[]; removed?: number[] };
  limit: { amount: number; unit: string };
  actions: { id: number; unitName: string; text: string; createdAt: string; by: string | null }[];
  photos: WhistlePhoto[];
  onBehalf: { report_in: number[]; record_action: number[] };
  /** The leader posts still to report in on the caller's own summons (双报到); empty when it is not a leaders' summons. */
  myLeaderPosts: LeaderPost[];
  ratings: Rating[];
  workOrders: { id: number; code: string; title: string; status: string }[];
  events: WhistleEvent[];
  myNotifications: { kind: string; title: string; titleEn: string; createdAt: string }[];
  allowedActions: string[];
  blockedActions: { action: string; guard: string }[];
};
