/** A row of `notifications` (migrations 0004, 0011). */
export type NotificationRow = {
  id: number;
  user_id: number;
  unit_id: number | null;
  kind: string;
  subject_kind: string;
  subject_id: number;
  title: string;
  title_en: string;
  body: string | null;
  body_en: string | null;
  link: string | null;
  data: Record<string, unknown>;
  created_at: Date;
  read_at: Date | null;
  outbound: string[] | null;
  outbound_sent_at: Date | null;
  outbound_attempts: number;
  outbound_result: string | null;
};

/** The inbox item as the API gives it: both languages, so a page can switch without refetching. */
export type NotificationView = {
  id: number;
  kind: string;
  subjectKind: string;
  subjectId: number;
  unitId: number | null;
  title: { zh: string; en: string };
  body: { zh: string; en: string } | null;
  link: string | null;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
};

export const NOTIFICATION_COLUMNS = 'id, user_id, unit_id, kind, subject_kind, subject_id, title, title_en, body, body_en, link, data, created_at, read_at';

export function presentNotification(r: Pick<NotificationRow, 'id' | 'kind' | 'subject_kind' | 'subject_id' | 'unit_id' | 'title' | 'title_en' | 'body' | 'body_en' | 'link' | 'data' | 'created_at' | 'read_at'>): NotificationView {
  return {
    id: r.id,
    kind: r.kind,
    subjectKind: r.subject_kind,
    subjectId: Number(r.subject_id),
    unitId: r.unit_id,
    title: { zh: r.title, en: r.title_en },
    body: r.body === null && r.body_en === null ? null : { zh: r.body ?? r.body_en ?? '', en: r.body_en ?? r.body ?? '' },
    link: r.link,
    data: r.data ?? {},
    createdAt: new Date(r.created_at).toISOString(),
    readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
  };
}
