import crypto from 'node:crypto';
import type { Queryable } from '../../db/client.ts';
import { hasRole, type Ctx } from '../../lib/ctx.ts';
import { AppError, forbidden } from '../../lib/errors.ts';
import { shanghaiDate } from '../deadlines/calendar.ts';
import { loadCalendar, policyAt } from '../deadlines/deadline-store.ts';
import { dueDispatch, warnAt, type Urgency } from '../deadlines/sla.ts';
import type { IntakeInput } from './work-order-schemas.ts';
import { decodeAttachments, storeAttachments } from './attachment-store.ts';
import type { OrderRow } from './work-order-access.ts';
import { categoryOfIntake, placeOfIntake } from './routing-at-intake.ts';
import { proposedCategory } from '../routing/classify/classify-order.ts';
import { orderTokens } from '../routing/duplicates/find-duplicates.ts';

export type IntakeResult = { order: OrderRow; replayed: boolean };

const CITIZEN_CHANNELS = ['web', 'app', 'wechat'];

/**
 * 受理: records a request from any channel as a work order, with its dispatch deadline. A retried
 * submission with the same Idempotency-Key returns the order the first one created.
 */
export async function intakeWorkOrder(
  ctx: Ctx,
  input: IntakeInput,
  idempotencyKey?: string,
  via: 'console' | 'portal' = 'console',
): Promise<IntakeResult> {
  const actor = ctx.actor;
  const channel = checkChannel(ctx, input.channel, via);
  const attachments = decodeAttachments(input.attachments);
  // Bytes go to the content-addressed store before the row that names them: a failed intake leaves
  // at most an unreferenced file, never a row without its bytes.
  const stored = await storeAttachments(ctx.db, attachments);
  const scope = replayScope(ctx, input);
  const hash = idempotencyKey ? requestHash(input) : '';
  try {
    // Reads first, then a single statement for every write: one statement is atomic on its own, so
    // intake needs no BEGIN/COMMIT round trips (it is the busiest write in the system).
    const order = await (async (tx: Queryable) => {
      const now = ctx.now();
      const loc = await placeOfIntake(tx, withReporterGrid(ctx, input.location), [input.title, input.text]);
      const category = await categoryOfIntake(tx, input.category, now);
      // Every path (console, portal, grid) keeps the model's proposal, filed with a category or not.
      const proposed = await proposedCategory(tx, input, now);
      const policy = await policyAt(tx, now);
      const due = dueDispatch(await loadCalendar(tx), policy, input.urgency as Urgency, now);
      const citizen = actor?.kind === 'citizen';
      const userId = actor && actor.userId > 0 ? actor.userId : null;
      // One statement writes the order, its timers, its first event, its attachments and the idempotency key.
      const inserted = await tx.query<OrderRow>(
        `with o as (
           insert into work_orders(code, status, channel, request_type, title, text, urgency, category,
             district_id, street_id, community_id, grid_id, address, lon, lat,
             requester_name, requester_phone, requester_anonymous, requester_user_id,
             sla_policy_id, received_at, due_dispatch_at, created_by, updated_at, tokens, taxonomy_version_id)
           values ((select $1 || lpad(n::text, greatest(6, length(n::text)), '0') from nextval('work_order_code_seq') as n), 'received', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
             $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $20, $30::text[], $31)
           returning *),
         d as (
           insert into deadlines(order_id, stage, kind, fire_at)
           select o.id, 'dispatch', k.kind, k.fire_at from o, (values ('warn', $23::timestamptz), ('due', $21::timestamptz)) as k(kind, fire_at)),
         e as (
           insert into work_order_events(order_id, seq, type, action, actor_id, actor_role, actor_unit_id, at, to_status, data)
           select o.id, 1, 'work_order.received', 'intake', $22, $24, $25, $20, 'received', $26 from o),
         k as (
           insert into idempotency_keys(scope, key, request_hash, order_id, created_at)
           select $27, $28, $29, o.id, $20 from o where $28::text is not null),
         a as (
           insert into attachments(order_id, kind, name, mime, size, sha256, store, created_by, created_at)
           select o.id, f.kind, f.name, f.mime, f.size, f.sha256, f.store, $22, $20
           from o, jsonb_to_recordset($32::jsonb) as f(kind text, name text, mime text, size int, sha256 text, store text)),
         -- Who may see it and the counts, as work_order_visibility_sync would write them for a new order.
         x as (
           select o.id, o.received_at, k.unit_id, k.via from o
           cross join lateral (values (0, 128), (o.district_id, 1), (o.street_id, 2)) as k(unit_id, via) where k.unit_id is not null),
         v as (
           insert into work_order_visibility(order_id, unit_id, received_at, via, status, overdue)
           select x.id, x.unit_id, x.received_at, x.via, 'received', false from x),
         c as (
           insert into work_order_counts as wc (unit_id, via, status, overdue, slot, n)
           select x.unit_id, x.via, 'received', false, (x.id % 16)::smallint, 1 from x order by x.unit_id, x.via
           on conflict (unit_id, via, status, overdue, slot) do update set n = wc.n + 1)
         select * from o`,
        [
          `GD${shanghaiDate(now).replaceAll('-', '')}`, channel, input.requestType, input.title, input.text, input.urgency, category?.code ?? null,
          loc.districtId, loc.streetId, loc.communityId, loc.gridId, input.location.address ?? null,
          input.location.lon ?? null, input.location.lat ?? null,
          input.requester.name ?? (citizen ? actor?.displayName : null) ?? null,
          input.requester.phone ?? null, input.requester.anonymous, citizen ? userId : null,
          policy.id, now, due, userId,
          warnAt(now, due, policy.warnFraction), actor?.grants[0]?.role ?? null, actor?.grants[0]?.unitId ?? null,
          JSON.stringify({
            channel,
            attachments: attachments.length,
            policyVersion: policy.version,
            location: { method: loc.method, confidence: loc.confidence, message: loc.message ?? null },
            classification: proposed && {
              modelVersion: proposed.modelVersion,
              proposed: proposed.code,
              path: proposed.path,
              confidence: Math.round(proposed.confidence * 1000) / 1000,
              uncertain: proposed.uncertain,
              // Accepted when the agent kept the proposed category or a more specific one under it; null when none was chosen.
              accepted: category ? !!proposed.code && (category.code === proposed.code || category.code.startsWith(`${proposed.code}.`)) : null,
            },
          }),
          scope, idempotencyKey ?? null, hash, orderTokens(input.title, input.text), category?.taxonomyVersionId ?? null,
          JSON.stringify(stored),
        ],
        { prepare: true },
      );
      return inserted.rows[0];
    })(ctx.db);
    return { order, replayed: false };
  } catch (e) {
    // The key was used before (or by a retry racing this one): answer with the order it created.
    if (idempotencyKey && (e as { code?: string }).code === '23505') {
      const prior = await findReplay(ctx.db, scope, idempotencyKey, hash);
      if (prior) return { order: prior, replayed: true };
    }
    throw e;
  }
}

/** A grid member reports from their own grid unless they say otherwise. */
function withReporterGrid(ctx: Ctx, loc: IntakeInput['location']): IntakeInput['location'] {
  const given = loc.gridId ?? loc.communityId ?? loc.streetId ?? loc.districtId ?? loc.lon ?? loc.address;
  const grid = ctx.actor?.grants.find((g) => g.role === 'grid_member')?.unitId;
  return given === undefined && grid ? { ...loc, gridId: grid } : loc;
}

function checkChannel(ctx: Ctx, channel: string, via: 'console' | 'portal'): string {
  const a = ctx.actor;
  if (via === 'portal') {
    if (a && a.kind !== 'citizen') throw forbidden('Staff take requests in through the console.', '工作人员请在工作台受理诉求。');
    if (!CITIZEN_CHANNELS.includes(channel)) {
      throw new AppError('validation_failed', `Citizens file through web, app or wechat, not ${channel}.`, { field: 'channel' }, '市民仅可通过网站、App或微信提交诉求。');
    }
    return channel;
  }
  if (!a) throw new AppError('unauthenticated', 'Sign in first.', {}, '请先登录。');
  if (hasRole(a, 'intake_agent', 'dispatcher', 'hotline_supervisor')) return channel;
  if (hasRole(a, 'grid_member')) return 'grid';
  if (a.kind === 'citizen') throw forbidden('Citizens file requests through the portal.', '市民请通过门户网站提交诉求。');
  throw forbidden('Your role may not take in requests.', '您的角色不能受理诉求。');
}

/** The order an earlier request with this key created, if any (refused when the request differs). */
export async function findReplay(db: Queryable, scope: string, key: string, hash: string): Promise<OrderRow | null> {
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

export function requestHash(input: IntakeInput): string {
  return crypto.createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

/** Whose keys a key is compared with: anonymous portal callers are told apart by the phone they give. */
export function replayScope(ctx: Ctx, input: IntakeInput): string {
  return ctx.actor ? `user:${ctx.actor.userId}` : `anonymous:${input.requester.phone ?? ''}`;
}
