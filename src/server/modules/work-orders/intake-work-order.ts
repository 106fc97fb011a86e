import crypto from 'node:crypto';
import type { Queryable } from '../../db/client.ts';
import { hasRole, type Ctx } from '../../lib/ctx.ts';
import { AppError, forbidden } from '../../lib/errors.ts';
import { shanghaiDate } from '../deadlines/calendar.ts';
import { loadCalendar, policyAt, scheduleStage } from '../deadlines/deadline-store.ts';
import { dueDispatch, type Urgency } from '../deadlines/sla.ts';
import { appendEvent } from './work-order-transition.ts';
import { MAX_ATTACHMENT_BYTES, type IntakeInput } from './work-order-schemas.ts';
import type { OrderRow } from './work-order-access.ts';
import { resolveLocation } from './resolve-location.ts';

export type IntakeResult = { order: OrderRow; replayed: boolean };

const CITIZEN_CHANNELS = ['web', 'app', 'wechat'];

/**
 * 受理: records a request from any channel as a work order, with its dispatch deadline. A retried
 * submission with the same Idempotency-Key returns the order the first one created.
 */
export async function intakeWorkOrder(ctx: Ctx, input: IntakeInput, idempotencyKey?: string): Promise<IntakeResult> {
  const actor = ctx.actor;
  const channel = checkChannel(ctx, input.channel);
  const attachments = decodeAttachments(input.attachments);
  const scope = actor ? `user:${actor.userId}` : 'anonymous';
  const hash = idempotencyKey ? requestHash(input) : '';
  if (idempotencyKey) {
    const prior = await findReplay(ctx.db, scope, idempotencyKey, hash);
    if (prior) return { order: prior, replayed: true };
  }
  try {
    const order = await ctx.db.transaction(async (tx) => {
      const loc = await resolveLocation(tx, input.location);
      const now = ctx.now();
      const policy = await policyAt(tx, now);
      const cal = await loadCalendar(tx);
      const due = dueDispatch(cal, policy, input.urgency as Urgency, now);
      const seq = (await tx.query<{ n: number }>(`select nextval('work_order_code_seq')::int as n`)).rows[0].n;
      const code = `GD${shanghaiDate(now).replaceAll('-', '')}${String(seq).padStart(6, '0')}`;
      const citizen = hasRole(actor, 'citizen') && actor?.kind === 'citizen';
      const inserted = await tx.query<OrderRow>(
        `insert into work_orders(code, status, channel, request_type, title, text, urgency, category,
           district_id, street_id, community_id, grid_id, address, lon, lat,
           requester_name, requester_phone, requester_anonymous, requester_user_id,
           sla_policy_id, received_at, due_dispatch_at, created_by, updated_at)
         values ($1, 'received', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $20)
         returning *`,
        [
          code, channel, input.requestType, input.title, input.text, input.urgency, input.category ?? null,
          loc.districtId, loc.streetId, loc.communityId, loc.gridId, input.location.address ?? null,
          input.location.lon ?? null, input.location.lat ?? null,
          input.requester.name ?? (citizen ? actor?.displayName : null) ?? null,
          input.requester.phone ?? null, input.requester.anonymous,
          citizen ? actor?.userId : null, policy.id, now, due, actor && actor.userId > 0 ? actor.userId : null,
        ],
      );
      const order = inserted.rows[0];
      await scheduleStage(tx, order.id, 'dispatch', now, due, policy.warnFraction);
      await saveAttachments(tx, order.id, attachments, actor?.userId ?? null, now);
      await appendEvent(tx, ctx, order.id, {
        type: 'work_order.received',
        action: 'intake',
        grant: actor?.grants[0] ?? null,
        to: 'received',
        data: { channel, attachments: attachments.length, policyVersion: policy.version },
      });
      if (idempotencyKey) {
        await tx.query(
          `insert into idempotency_keys(scope, key, request_hash, order_id, created_at) values ($1, $2, $3, $4, $5)`,
          [scope, idempotencyKey, hash, order.id, now],
        );
      }
      return order;
    });
    return { order, replayed: false };
  } catch (e) {
    // Two retries raced: the loser's insert hit the key's primary key; answer with the winner's order.
    if (idempotencyKey && (e as { code?: string }).code === '23505') {
      const prior = await findReplay(ctx.db, scope, idempotencyKey, hash);
      if (prior) return { order: prior, replayed: true };
    }
    throw e;
  }
}

function checkChannel(ctx: Ctx, channel: string): string {
  const a = ctx.actor;
  if (hasRole(a, 'intake_agent', 'dispatcher', 'hotline_supervisor')) return channel;
  if (hasRole(a, 'grid_member')) return 'grid';
  // Citizens (signed in or not) file through the portal's own channels only.
  if (!a || a.kind === 'citizen') {
    if (!CITIZEN_CHANNELS.includes(channel)) {
      throw new AppError('validation_failed', `Citizens file through web, app or wechat, not ${channel}.`, { field: 'channel' }, '市民仅可通过网站、App或微信提交诉求。');
    }
    return channel;
  }
  throw forbidden('Your role may not take in requests.', '您的角色不能受理诉求。');
}

async function findReplay(db: Queryable, scope: string, key: string, hash: string): Promise<OrderRow | null> {
  const r = await db.query<OrderRow & { request_hash: string }>(
    `select o.*, k.request_hash from idempotency_keys k join work_orders o on o.id = k.order_id where k.scope = $1 and k.key = $2`,
    [scope, key],
  );
  const row = r.rows[0];
  if (!row) return null;
  if (row.request_hash !== hash) {
    throw new AppError(
      'idempotency_key_reused',
      'This Idempotency-Key was already used for a different request.',
      { key },
      '该幂等键已用于另一条不同的请求。',
    );
  }
  const { request_hash: _h, ...order } = row;
  return order;
}

function requestHash(input: IntakeInput): string {
  return crypto.createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

type Decoded = { name: string; mime: string; kind: string; bytes: Buffer };

function decodeAttachments(list: IntakeInput['attachments']): Decoded[] {
  return list.map((a, i) => {
    const bytes = Buffer.from(a.contentBase64, 'base64');
    if (bytes.length === 0 || bytes.length > MAX_ATTACHMENT_BYTES) {
      throw new AppError('validation_failed', `Attachment ${i + 1} must be between 1 byte and 2 MB.`, { field: `attachments.${i}` }, `附件 ${i + 1} 大小须在 2MB 以内且不能为空。`);
    }
    return { name: a.name, mime: a.mime, kind: kindOf(a.mime), bytes };
  });
}

function kindOf(mime: string): string {
  const top = mime.split('/')[0];
  if (top === 'image' || top === 'audio' || top === 'video') return top;
  return mime === 'text/plain' ? 'text' : 'document';
}

async function saveAttachments(tx: Queryable, orderId: number, list: Decoded[], userId: number | null, at: Date) {
  for (const a of list) {
    await tx.query(
      `insert into attachments(order_id, kind, name, mime, size, content, created_by, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [orderId, a.kind, a.name, a.mime, a.bytes.length, a.bytes, userId && userId > 0 ? userId : null, at],
    );
  }
}
