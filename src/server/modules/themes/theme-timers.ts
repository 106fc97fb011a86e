import type { DeadlineHandler, FireOutcome } from '../deadlines/deadline-handlers.ts';
import { notifyMany } from '../notifications/notify-many.ts';
import type { NotificationInput } from '../notifications/notify.ts';
import { THEME_TASK, themeLink } from './theme-commands.ts';

type Hit = { task_id: number; theme_id: number; title: string; theme_title: string; owner_unit_id: number; district_id: number; due_at: Date };

/**
 * Theme task timers: three days before the due date the owner is reminded; at the due date an
 * open task is flagged overdue (an event on the theme) and the owner and the district are told.
 * The theme's version is kept: a flag changes nothing anyone decides on.
 */
export const themeTaskDeadlines: DeadlineHandler = {
  subjectKind: THEME_TASK,
  lock: { join: 'join theme_tasks tt on tt.id = d.subject_id join monthly_themes th on th.id = tt.theme_id', of: ['th'] },
  batchSize: 500,
  async fire(tx, ctx, rows) {
    const now = ctx.now();
    const pick = `x.id::int as task_id, x.theme_id::int as theme_id, x.title, t.title as theme_title, x.owner_unit_id, t.district_id, x.due_at`;
    const dueIds = rows.filter((r) => r.kind === 'due').map((r) => r.subject_id);
    const warnIds = rows.filter((r) => r.kind === 'warn').map((r) => r.subject_id);
    const late = dueIds.length
      ? (await tx.query<Hit>(
          `with l as (update theme_tasks x set overdue = true from monthly_themes t
                       where x.id = any($1::bigint[]) and x.status = 'open' and not x.overdue and t.id = x.theme_id and t.status = 'active' returning x.*),
                e as (insert into monthly_theme_events(theme_id, type, at, data)
                      select l.theme_id, 'theme.task_overdue', $2, jsonb_build_object('taskId', l.id, 'dueAt', l.due_at, 'ownerUnitId', l.owner_unit_id, 'automatic', true) from l)
           select ${pick} from l x join monthly_themes t on t.id = x.theme_id`,
          [dueIds, now],
        )).rows
      : [];
    const soon = warnIds.length
      ? (await tx.query<Hit>(
          `select ${pick} from theme_tasks x join monthly_themes t on t.id = x.theme_id
            where x.id = any($1::bigint[]) and x.status = 'open' and t.status = 'active' and x.due_at > $2`,
          [warnIds, now],
        )).rows
      : [];
    const base = (h: Hit) => ({ subjectKind: 'theme', subjectId: h.theme_id, link: themeLink(h.theme_id), data: { taskId: h.task_id, dueAt: h.due_at } });
    const notices: NotificationInput[] = [
      ...soon.map((h) => ({ ...base(h), kind: 'theme.task_due_soon', unitIds: [h.owner_unit_id], title: { zh: `任务即将到期：${h.title}`, en: `Task due soon: ${h.title}` } })),
      ...late.map((h) => ({ ...base(h), kind: 'theme.task_overdue', unitIds: [h.owner_unit_id], title: { zh: `任务已逾期：${h.title}`, en: `Task overdue: ${h.title}` } })),
      ...late.map((h) => ({
        ...base(h), kind: 'theme.task_overdue', unitIds: [h.district_id], roles: ['district_supervisor' as const],
        title: { zh: `每月一题任务逾期：${h.title}（${h.theme_title}）`, en: `Monthly theme task overdue: ${h.title} (${h.theme_title})` },
      })),
    ];
    await notifyMany(tx, ctx, notices);
    const fired = new Set([...late, ...soon].map((h) => h.task_id));
    return rows.map((r): FireOutcome => (fired.has(r.subject_id) ? r.kind : 'skipped'));
  },
};
