import type { Queryable } from '../../db/client.ts';
import type { Ctx, RoleGrant } from '../../lib/ctx.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { canSee } from '../work-orders/work-order-access.ts';
import { dueForWhistle, whistlePolicyAt } from './whistle-policy.ts';
import { proposeSummons, type SummonsProposal } from './whistle-proposal.ts';
import { scheduleReportIns, tellSummoned } from './summons-store.ts';
import type { BlowInput } from './whistle-schemas.ts';
import type { SummonsRow, WhistlePolicyRow, WhistleRow, WhistleScope } from './whistle-tables.ts';

type UnitLite = { id: number; name: string; kind: string; parent_id: number | null; district_id: number | null; active: boolean };

/** Street or township staff blow for their street; a community's staff blow through the street it belongs to. */
function blowerGrant(ctx: Ctx, street: UnitLite): RoleGrant {
  const g = ctx.actor?.grants.find((x) => x.role === 'street_staff' && x.unitId !== null && (x.unitId === street.id || !!x.unitPath?.includes(`/${street.id}/`)));
  if (!g) throw forbidden('Only staff of this street or township (or of a community in it) blow its whistle.', '仅本街乡（或其所属社区）工作人员可以吹哨。', { streetId: street.id });
  return g;
}

const bad = (message: string, zh: string, details: Record<string, unknown>) => new AppError('validation_failed', message, details, zh);

export type Blown = { whistle: WhistleRow; summons: SummonsRow[]; policy: WhistlePolicyRow };

/** 吹哨: records the whistle, its linked orders and summons, starts each report-in timer and tells the units. */
export async function blowWhistle(ctx: Ctx, input: BlowInput): Promise<Blown> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const known = await units(tx, [input.streetId, ...input.summonedUnitIds]);
    const street = known.find((u) => u.id === input.streetId);
    if (!street || !['street', 'township'].includes(street.kind)) throw bad(`Unit ${input.streetId} is not a street or township.`, '吹哨单位须为街道或乡镇。', { field: 'streetId' });
    const grant = blowerGrant(ctx, street);
    const summoned = checkSummoned(known, input.type, street, input.summonedUnitIds);
    for (const id of input.workOrderIds) {
      if (!(await canSee(tx, ctx.actor, { id }))) throw bad(`Work order ${id} is unknown or not yours to see.`, `工单 ${id} 不存在或无权查看。`, { field: 'workOrderIds', id });
    }
    const proposal = await proposeSummons(tx, { streetId: street.id, workOrderIds: input.workOrderIds, categoryCodes: input.categoryCodes, at: now });
    const scope = scopeOf(input, proposal);
    const policy = await whistlePolicyAt(tx, now);
    const dueAt = await dueForWhistle(tx, policy, input.type, now);
    const proposedIds = proposal.units.map((u) => u.unitId);
    const record = {
      ...proposal,
      summoned: input.summonedUnitIds,
      added: input.summonedUnitIds.filter((id) => !proposedIds.includes(id)),
      removed: proposedIds.filter((id) => !input.summonedUnitIds.includes(id)),
    };
    // The whistle, its orders and its 'blown' event in one statement.
    const w = (
      await tx.query<WhistleRow>(
        `with w as (
           insert into whistles(type, trigger, scope, scope_reason, title, description, place, lon, lat, on_site, street_id, district_id,
                                blown_by, blown_by_unit_id, policy_id, proposal, status, created_at, updated_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 'open', $17, $17) returning *),
         o as (insert into whistle_orders(whistle_id, order_id) select w.id, unnest($18::bigint[]) from w),
         e as (insert into whistle_events(whistle_id, type, action, actor_id, actor_role, actor_unit_id, unit_id, at, to_status, reason, data)
               select w.id, 'whistle.blown', 'blow', $13, $19, $14, $11, $17, 'open', $4, $20::jsonb from w)
         select * from w`,
        [input.type, input.trigger, scope.scope, scope.reason, input.title, input.description, input.place ?? null, input.lon ?? null, input.lat ?? null,
          input.onSite ?? input.type === 'emergency', street.id, street.district_id, ctx.actor!.userId, grant.unitId, policy.id, JSON.stringify(record), now,
          input.workOrderIds, grant.role,
          JSON.stringify({ type: input.type, trigger: input.trigger, scope: scope.scope, workOrderIds: input.workOrderIds, policyVersion: policy.version, proposal: record })],
      )
    ).rows[0];
    const sources = new Map(summoned.map((u) => [u.id, proposedIds.includes(u.id) ? 'proposed' : 'added'] as const));
    const summons = await scheduleReportIns(tx, ctx, w, policy, summoned.map((u) => ({ unitId: u.id, source: sources.get(u.id)! })), dueAt, grant);
    await tellSummoned(tx, ctx, w, summoned.map((u) => u.id), dueAt);
    return { whistle: w, summons, policy };
  });
}

export async function units(q: Queryable, ids: number[]): Promise<UnitLite[]> {
  return (await q.query<UnitLite>('select id, name, kind, parent_id, district_id, active from units where id = any($1::int[])', [ids])).rows;
}

/** Departments and public-service enterprises answer a whistle; district leaders only a 攻坚哨; never the street itself. */
export function checkSummoned(rows: UnitLite[], type: string, street: { id: number; district_id: number | null }, ids: number[]): UnitLite[] {
  for (const id of ids) {
    const u = rows.find((r) => r.id === id);
    if (!u || !u.active) throw notFound('unit', id);
    if (u.id === street.id) throw bad('A street does not summon itself: it acts.', '街乡不能召集自己，应自行处置。', { field: 'summonedUnitIds', id });
    const ok = u.kind === 'department' || u.kind === 'enterprise' || (u.kind === 'district' && type === 'hard_problem');
    if (!ok) throw bad(`Unit ${u.name} (${u.kind}) cannot be summoned by a ${type} whistle.`, `${u.name}不能被此类哨召集（仅部门、公共服务企业，攻坚哨可召集区领导）。`, { field: 'summonedUnitIds', id, kind: u.kind });
    if (u.district_id !== null && street.district_id !== null && u.district_id !== street.district_id) {
      throw bad(`Unit ${u.name} belongs to another district.`, `${u.name}不属于本区。`, { field: 'summonedUnitIds', id });
    }
  }
  return ids.map((id) => rows.find((r) => r.id === id)!);
}

const SCOPE_ZH: Record<WhistleScope, string> = { enforcement: '行政执法', emergency: '应急处置', major_task: '重大任务' };

/**
 * 吹哨报到 is only for 行政执法、应急处置、重大任务. The caller may name the scope; otherwise it follows
 * from the type and trigger, or for a public request from the lists (the street lacks a power a
 * department holds). A routine public request with none of these is refused.
 */
function scopeOf(input: BlowInput, p: SummonsProposal): { scope: WhistleScope; reason: string } {
  const given = input.scope;
  const derived: WhistleScope | null =
    input.type === 'emergency' || input.trigger === 'emergency' ? 'emergency'
    : input.trigger === 'joint_enforcement' ? 'enforcement'
    : input.trigger === 'key_task' || input.type === 'key_task' || input.type === 'hard_problem' ? 'major_task'
    : p.units.length ? 'enforcement' : null;
  const scope = given ?? derived;
  if (!scope) {
    throw new AppError('out_of_scope',
      'A whistle is only for administrative enforcement, emergency handling or a major task; name the scope and the reason, or handle the matter as a work order.',
      { allowed: ['enforcement', 'emergency', 'major_task'] },
      '“吹哨报到”只能用于行政执法、应急处置、重大任务等事项：请选择适用范围并说明理由，或按工单办理。');
  }
  if (given && !derived && !input.scopeReason) {
    throw new AppError('out_of_scope', 'Say why this matter needs a whistle (scopeReason).', { field: 'scopeReason' }, '请说明该事项属于行政执法、应急处置或重大任务的理由。');
  }
  const basis = p.units.flatMap((u) => u.reasons.map((r) => r.zh)).join('；');
  const reason = input.scopeReason ?? (given ? SCOPE_ZH[scope] : `${SCOPE_ZH[scope]}${basis && scope === 'enforcement' ? `：${basis}` : ''}`);
  return { scope, reason };
}

export function presentBlown({ whistle: w, summons, policy }: Blown) {
  return {
    id: w.id, version: w.version, status: w.status, type: w.type, trigger: w.trigger, scope: w.scope, scopeReason: w.scope_reason, title: w.title,
    streetId: w.street_id, districtId: w.district_id, onSite: w.on_site, createdAt: w.created_at, proposal: w.proposal,
    policy: { version: policy.version, name: policy.name }, limit: policy.limits[w.type],
    reportIns: summons.map((s) => ({ id: s.id, unitId: s.unit_id, dueAt: s.due_at.toISOString(), status: 'pending', late: false, source: s.source })),
  };
}
