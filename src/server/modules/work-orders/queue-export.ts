import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import type { ExportColumn } from '../../lib/table-export.ts';
import { CHANNEL_LABELS, label, STAGE_LABELS, STATUS_LABELS, URGENCY_LABELS } from '../../../shared/labels.ts';
import type { OrderRow } from './work-order-access.ts';
import { listWorkOrders, type ListFilter } from './work-order-list.ts';
import { requesterView } from './work-order-presenter.ts';

/** An export stops here: a longer list is a report, not a view to download. */
export const EXPORT_CAP = 10_000;

export const EXPORT_COLUMNS: ExportColumn[] = [
  { header: '工单编号 Code', key: 'code', width: 22 },
  { header: '标题 Title', key: 'title', width: 36 },
  { header: '状态 Status', key: 'status', width: 12 },
  { header: '紧急程度 Urgency', key: 'urgency', width: 12 },
  { header: '渠道 Channel', key: 'channel', width: 12 },
  { header: '街乡 Street', key: 'street', width: 16 },
  { header: '主办单位 Lead unit', key: 'leadUnit', width: 24 },
  { header: '受理时间 Received', key: 'receivedAt', width: 20 },
  { header: '当前时限 Due', key: 'due', width: 28 },
  { header: '超时 Overdue', key: 'overdue', width: 10 },
  { header: '诉求人 Requester', key: 'requesterName', width: 12 },
  { header: '电话 Phone', key: 'requesterPhone', width: 16 },
];

const shanghai = (d: Date | string | null) =>
  d ? new Date(new Date(d).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '';

type Requester = Pick<OrderRow, 'id' | 'requester_user_id' | 'requester_anonymous' | 'requester_name' | 'requester_phone' | 'lead_unit_id'>;

/**
 * The rows of the caller's current view, page after page through the same list the queue shows
 * (so the same visibility), with the requester's name and phone masked as the order page masks them.
 */
export async function* exportRows(q: Queryable, actor: Actor, f: ListFilter, locale: string): AsyncIterable<Record<string, unknown>[]> {
  let cursor: string | undefined;
  let sent = 0;
  for (;;) {
    const page = await listWorkOrders(q, actor, { ...f, cursor, page: 1, pageSize: 200 });
    const items = page.items.slice(0, EXPORT_CAP - sent);
    if (!items.length) return;
    const people = new Map(
      (await q.query<Requester>('select id, requester_user_id, requester_anonymous, requester_name, requester_phone, lead_unit_id from work_orders where id = any($1::bigint[])', [items.map((i) => i.id)])).rows.map((r) => [Number(r.id), r]),
    );
    yield items.map((o) => {
      const who = people.get(Number(o.id));
      const r = who ? requesterView(who, actor) : null;
      return {
        code: o.code,
        title: o.title,
        status: label(STATUS_LABELS, o.status, locale),
        urgency: label(URGENCY_LABELS, o.urgency, locale),
        channel: label(CHANNEL_LABELS, o.channel, locale),
        street: o.streetName ?? '',
        leadUnit: o.leadUnitName ?? '',
        receivedAt: shanghai(o.receivedAt),
        due: o.due ? `${label(STAGE_LABELS, o.due.stage, locale)} ${shanghai(o.due.at)}` : '',
        overdue: o.overdueStages.length ? '是 yes' : '',
        requesterName: r?.name ?? '',
        requesterPhone: r?.phone ?? '',
      };
    });
    sent += items.length;
    if (!page.nextCursor || sent >= EXPORT_CAP) return;
    cursor = page.nextCursor;
  }
}
