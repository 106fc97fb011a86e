import type { Queryable } from '../../db/client.ts';
import type { Ctx, RoleGrant } from '../../lib/ctx.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { canSeeWhistle } from './whistle-access.ts';
import type { WhistleRow } from './whistle-tables.ts';
import {
  decideWhistle, whistleTargetAllowed, WHISTLE_ACTION_ZH, WHISTLE_EVENT_TYPES,
  type WhistleAction, type WhistleFacts, type WhistleStatus,
} from './whistle-workflow.ts';

export type WhistleChange = {
  to?: WhistleStatus;
  patch?: Record<string, unknown>;
  /** The unit the change is about (a summoned unit reporting in, a rated unit); the street when omitted. */
  unitId?: number | null;
  reason?: string | null;
  data?: Record<string, unknown>;
};

/** `onBehalf`: the street acts for a department whose stationed staff it dispatched. */
export type WhistleApply = (tx: Queryable, w: WhistleRow, facts: WhistleFacts, grant: RoleGrant, onBehalf: boolean) => Promise<WhistleChange>;

export async function loadWhistleFacts(q: Queryable, w: WhistleRow): Promise<WhistleFacts> {
  const r = await q.query<{ summons: WhistleFacts['summons']; rated: number[] }>(
    `select coalesce((select json_agg(json_build_object('unitId', s.unit_id, 'status', s.status, 'stationed', s.source = 'stationed') order by s.id) from whistle_summons s where s.whistle_id = $1), '[]') as summons,
            coalesce((select array_agg(r.unit_id) from whistle_ratings r where r.whistle_id = $1), '{}') as rated`,
    [w.id],
  );
  return { status: w.status, streetId: w.street_id, districtId: w.district_id, summons: r.rows[0].summons, ratedUnitIds: r.rows[0].rated };
}

/**
 * The only way a whistle changes. In one transaction: lock the whistle, check the version the
 * caller saw, re-check role, scope, status and guards against the locked row, let the command do
 * its part, write the new version and append the event with the unit it concerns.
 */
export async function transitionWhistle(ctx: Ctx, id: number, action: WhistleAction, expectedVersion: number, apply: WhistleApply): Promise<WhistleRow> {
  return ctx.db.transaction(async (tx) => {
    const w = (await tx.query<WhistleRow>('select * from whistles where id = $1 for update', [id])).rows[0];
    if (!w || !(await canSeeWhistle(tx, ctx.actor, w))) throw notFound('whistle', id);
    const facts = await loadWhistleFacts(tx, w);
    const decision = decideWhistle(action, facts, ctx.actor);
    if (!decision.ok && decision.reason === 'forbidden') {
      throw forbidden(`You may not ${action} this whistle.`, `您无权对该哨执行“${WHISTLE_ACTION_ZH[action]}”。`, { action });
    }
    if (w.version !== expectedVersion) {
      throw new AppError('version_conflict', `Whistle ${w.id} changed since you loaded it (version ${expectedVersion}, now ${w.version}); reload and try again.`,
        { expected: expectedVersion, actual: w.version }, `该哨已被他人更新，请刷新后重试。`);
    }
    if (!decision.ok) {
      throw new AppError('invalid_transition', `Cannot ${action} a whistle in status ${w.status}${decision.failedGuard ? ` (${decision.failedGuard})` : ''}.`,
        { action, status: w.status, guard: decision.failedGuard ?? null }, guardZh(action, decision.failedGuard));
    }
    const change = await apply(tx, w, facts, decision.grant, decision.onBehalf ?? false);
    const to = change.to ?? w.status;
    if (!whistleTargetAllowed(action, w.status, to)) throw new Error(`whistle workflow: ${action} may not lead to ${to}`);
    const cols = Object.keys(change.patch ?? {});
    const updated = (
      await tx.query<WhistleRow>(
        `update whistles set status = $2, version = version + 1, updated_at = $3${cols.map((c, i) => `, ${c} = $${i + 4}`).join('')} where id = $1 returning *`,
        [w.id, to, ctx.now(), ...cols.map((c) => change.patch![c])],
      )
    ).rows[0];
    await appendWhistleEvent(tx, ctx, w.id, {
      type: WHISTLE_EVENT_TYPES[action], action, grant: decision.grant, unitId: change.unitId === undefined ? w.street_id : change.unitId,
      from: w.status, to, reason: change.reason ?? null, data: change.data ?? {},
    });
    return updated;
  });
}

function guardZh(action: WhistleAction, guard: string | undefined): string {
  if (guard === 'allSettled') return '事不完、人不撤：仍有被召集单位未记录处置或未被解除，不能结哨。';
  if (guard === 'ownSummonsPending') return '本单位已报到或未被召集。';
  if (guard === 'ownSummonsReported') return '请先报到，再记录处置。';
  return `当前状态下不能执行“${WHISTLE_ACTION_ZH[action]}”。`;
}

export type WhistleEventInput = {
  type: string;
  action?: string | null;
  grant?: RoleGrant | null;
  unitId: number | null;
  from?: string | null;
  to?: string | null;
  reason?: string | null;
  data?: Record<string, unknown>;
};

export async function appendWhistleEvent(tx: Queryable, ctx: Ctx, whistleId: number, e: WhistleEventInput): Promise<void> {
  await tx.query(
    `insert into whistle_events(whistle_id, type, action, actor_id, actor_role, actor_unit_id, unit_id, at, from_status, to_status, reason, data)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [whistleId, e.type, e.action ?? null, ctx.actor && ctx.actor.userId > 0 ? ctx.actor.userId : null, e.grant?.role ?? null, e.grant?.unitId ?? null,
      e.unitId, ctx.now(), e.from ?? null, e.to ?? null, e.reason ?? null, JSON.stringify(e.data ?? {})],
  );
}
