import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { notify } from './notify.ts';
import { consumeEvents, type ConsumeResult } from './event-consumer.ts';
import type { WorkOrderEventRow } from './work-order-event-tables.ts';

export const REQUESTER_NOTICES = 'requester-notices';

type L = { zh: string; en: string };

/**
 * What a requester is told, in words for citizens (no unit codes, no internal steps): the steps
 * they wait for. Each goes to their inbox in the portal and by SMS to the phone of their account.
 */
const NOTICE: Record<string, (d: Record<string, unknown>) => L | null> = {
  'work_order.answered': () => ({ zh: '您的诉求已答复', en: 'Your request was answered' }),
  'work_order.declined': () => ({ zh: '您的诉求已处理完毕（不予派单），详情请查看进度', en: 'Your request was closed without dispatch; see its progress' }),
  'work_order.dispatched': () => ({ zh: '您的诉求已转交承办单位办理', en: 'Your request was passed to the unit that handles it' }),
  'work_order.contacted': () => ({ zh: '承办单位已与您联系，正在办理', en: 'The handling unit contacted you and is working on it' }),
  'work_order.extension_decided': (d) => (d.approved ? { zh: '您的诉求办理时限已延长', en: 'More time was given to handle your request' } : null),
  'work_order.feedback_submitted': () => ({ zh: '您的诉求已办理反馈，请在线评价办理结果', en: 'Your request was handled; please tell us how it went' }),
  'work_order.reopened': () => ({ zh: '您的诉求已重新交办', en: 'Your request is being handled again' }),
  'work_order.closed': () => ({ zh: '您的诉求已办结，感谢您的反映', en: 'Your request is closed; thank you' }),
};

export async function requesterNoticeFor(q: Queryable, e: WorkOrderEventRow): Promise<{ userId: number; code: string; title: L } | null> {
  const text = NOTICE[e.type]?.(e.data ?? {});
  if (!text) return null;
  const o = (await q.query<{ code: string; requester_user_id: number | null }>('select code, requester_user_id from work_orders where id = $1', [e.order_id])).rows[0];
  if (!o?.requester_user_id) return null;
  return { userId: o.requester_user_id, code: o.code, title: { zh: `${text.zh}（${o.code}）`, en: `${text.en} (${o.code})` } };
}

/** Runs the consumer over what has been logged since it last ran. */
export function consumeRequesterNotices(ctx: Ctx): Promise<ConsumeResult> {
  return consumeEvents(ctx, REQUESTER_NOTICES, async (tx, e) => {
    const n = await requesterNoticeFor(tx, e);
    if (!n) return;
    await notify(tx, ctx, {
      kind: `requester.${e.type.replace('work_order.', '')}`,
      subjectKind: 'work_order',
      subjectId: e.order_id,
      userIds: [n.userId],
      title: n.title,
      link: `/?view=track&code=${n.code}`,
      data: { code: n.code, eventId: Number(e.id), type: e.type },
      outbound: ['sms'],
    });
  });
}
