import type { Queryable } from '../../db/client.ts';
import type { Ctx, RoleGrant } from '../../lib/ctx.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { canSee } from '../work-orders/work-order-access.ts';
import { dueForWhistle, whistlePolicyAt } from './whistle-policy.ts';
import { proposeSummons, type SummonsProposal } from './whistle-proposal.ts';
import { summonsCtes, summonsParams, tellSummoned, type SummonsSpec } from './summons-store.ts';
import { photoInsertSql, storeWhistlePhotos } from './whistle-photos.ts';
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

export type Blown = { whistle: WhistleRow; summons: Pick<SummonsRow, 'id' | 'unit_id' | 'source' | 'due_at'>[]; policy: WhistlePolicyRow };

/** 吹哨: records the whistle, its linked orders, photos and summons, starts each report-in timer and tells the units. */
export async function blowWhistle(ctx: Ctx, input: BlowInput): Promise<Blown> {
  const now = ctx.now();
  const photos = await storeWhistlePhotos(ctx.db, input.photos);
  return ctx.db.transaction(async (tx) => {
    const stationed = input.stationedStaffIds.length ? await stationedFor(tx, input) : [];
    const known = await units(tx, [input.streetId, ...input.summonedUnitIds, ...stationed.map((x) => x.department_id)]);
    const street = known.find((u) => u.id === input.streetId);
    if (!street || !['street', 'township'].includes(street.kind)) throw bad(`Unit ${input.streetId} is not a street or township.`, '吹哨单位须为街道或乡镇。', { field: 'streetId' });
    const grant = blowerGrant(ctx, street);
    if (stationed.some((x) => x.street_id !== street.id)) {
      throw bad('Stationed staff are dispatched by the street they are stationed at.', '只能调度派驻本街乡的人员。', { field: 'stationedStaffIds' });
    }
    const byDept = new Map<number, number[]>();
    for (const x of stationed) byDept.set(x.department_id, [...(byDept.get(x.department_id) ?? []), x.id]);
    const unitIds = [...new Set([...input.summonedUnitIds, ...byDept.keys()])];
    const summoned = checkSummoned(known, input.type, street, unitIds);
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
      summoned: unitIds,
      added: unitIds.filter((id) => !proposedIds.includes(id)),
      removed: proposedIds.filter((id) => !unitIds.includes(id)),
      stationedStaffIds: input.stationedStaffIds,
    };
    const specs: SummonsSpec[] = summoned.map((u) => ({
      unitId: u.id, source: byDept.has(u.id) ? 'stationed' : proposedIds.includes(u.id) ? 'proposed' : 'added', stationed: byDept.get(u.id),
    }));
    // The whistle, its orders, photos, 'blown' event, summons, their timers and events in one statement.
    const row = (
      await tx.query<WhistleRow & { summons_json: { id: number; unitId: number; source: SummonsRow['source'] }[] }>(
        `with w as (
           insert into whistles(type, trigger, scope, scope_reason, title, description, place, lon, lat, on_site, street_id, district_id,
                                blown_by, blown_by_unit_id, policy_id, proposal, status, created_at, updated_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 'open', $17, $17) returning *),
         o as (insert into whistle_orders(whistle_id, order_id) select w.id, unnest($18::bigint[]) from w),
         e as (insert into whistle_events(whistle_id, type, action, actor_id, actor_role, actor_unit_id, unit_id, at, to_status, reason, data)
               select w.id, 'whistle.blown', 'blow', $13, $19, $14, $11, $17, 'open', $4, $20::jsonb from w returning id),
         p as (${photoInsertSql('(select id from w)', 'null', { files: 30, by: 13, at: 17 })}),
         ${summonsCtes('(select id from w)', 21, 'e')}
         select w.*, (select coalesce(json_agg(json_build_object('id', s.id, 'unitId', s.unit_id, 'source', s.source) order by s.id), '[]') from s) as summons_json from w`,
        [input.type, input.trigger, scope.scope, scope.reason, input.title, input.description, input.place ?? null, input.lon ?? null, input.lat ?? null,
          input.onSite ?? input.type === 'emergency', street.id, street.district_id, ctx.actor!.userId, grant.unitId, policy.id, JSON.stringify(record), now,
          input.workOrderIds, grant.role,
          JSON.stringify({ type: input.type, trigger: input.trigger, scope: scope.scope, workOrderIds: input.workOrderIds, policyVersion: policy.version, proposal: record, photos: photos.length }),
          ...summonsParams(ctx, policy, specs, dueAt, grant), JSON.stringify(photos)],
      )
    ).rows[0];
    const { summons_json: list, ...whistle } = row;
    await tellSummoned(tx, ctx, whistle, summoned.map((u) => u.id), dueAt);
    return { whistle, summons: list.map((x) => ({ id: x.id, unit_id: x.unitId, source: x.source, due_at: dueAt })), policy };
  });
}

type StationedLite = { id: number; street_id: number; department_id: number };

/** 派驻人员 the street dispatches directly, on a routine whistle only: each must be on the register and active. */
async function stationedFor(tx: Queryable, input: BlowInput): Promise<StationedLite[]> {
  if (input.type !== 'routine') {
    throw bad('Stationed staff are dispatched directly on a routine whistle; other whistles summon their department.', '派驻人员仅在日常哨中由街乡直接调度，其他哨请召集其所属部门。', { field: 'stationedStaffIds' });
  }
  const rows = (await tx.query<StationedLite>('select id, street_id, department_id from stationed_staff where id = any($1::int[]) and active', [input.stationedStaffIds])).rows;
  const missing = input.stationedStaffIds.find((id) => !rows.some((r) => r.id === id));
  if (missing !== undefined) throw bad(`Stationed staff ${missing} is not on the register.`, `派驻人员 ${missing} 不在名册中。`, { field: 'stationedStaffIds', id: missing });
  return rows;
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
