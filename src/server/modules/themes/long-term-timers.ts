import type { DeadlineHandler, FireOutcome } from '../deadlines/deadline-handlers.ts';
import { notifyMany } from '../notifications/notify-many.ts';
import { LONG_TERM_REVIEW } from './long-term-commands.ts';

type Hit = { id: number; order_id: number; unit_id: number; district_id: number | null; code: string };

/** A review date passing marks the item due for review (an event) and tells its unit and district. */
export const longTermReviewDeadlines: DeadlineHandler = {
  subjectKind: LONG_TERM_REVIEW,
  lock: { join: 'join long_term_items li on li.id = d.subject_id', of: ['li'] },
  batchSize: 1000,
  async fire(tx, ctx, rows) {
    const now = ctx.now();
    const hits = (await tx.query<Hit>(
      `with u as (update long_term_items l set review_due = true where l.id = any($1::bigint[]) and l.status = 'tracking' returning l.*),
            e as (insert into long_term_events(item_id, type, at, data) select u.id, 'long_term.review_due', $2, jsonb_build_object('automatic', true) from u)
       select u.id, u.order_id, u.unit_id, u.district_id, o.code from u join work_orders o on o.id = u.order_id`,
      [rows.map((r) => r.subject_id), now],
    )).rows;
    const base = (h: Hit) => ({ kind: 'long_term.review_due', subjectKind: 'long_term', subjectId: h.id, link: '/console/long-term', data: { orderId: h.order_id },
      title: { zh: `长期跟踪到期复核：${h.code}`, en: `Long-term item due for review: ${h.code}` } });
    await notifyMany(tx, ctx, [
      ...hits.map((h) => ({ ...base(h), unitIds: [h.unit_id] })),
      ...hits.filter((h) => h.district_id).map((h) => ({ ...base(h), unitIds: [h.district_id!], roles: ['district_supervisor' as const] })),
    ]);
    const fired = new Set(hits.map((h) => h.id));
    return rows.map((r): FireOutcome => (fired.has(r.subject_id) ? 'due' : 'skipped'));
  },
};
