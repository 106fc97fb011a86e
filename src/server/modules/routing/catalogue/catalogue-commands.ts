import { z } from '@hono/zod-openapi';
import type { Queryable } from '../../../db/client.ts';
import type { Ctx } from '../../../lib/ctx.ts';
import { AppError, notFound } from '../../../lib/errors.ts';
import { CATEGORY_CODE, REQUEST_TYPES, URGENCY_CLASSES } from '../taxonomy/category-codes.ts';
import { forgetRouting } from './routing-snapshot.ts';
import { requireRoles } from './routing-access.ts';
import { dbId, isoDateTime } from '../../../http/input-schemas.ts';

/*
 * Dispatch rules are versioned by their validity period. Orders store the id of the rule that
 * routed them, so a rule that has been in force is never rewritten: changing it closes it now and
 * creates its successor; deleting it ends its validity. Only a rule not yet in force is changed
 * in place or deleted outright (nothing can point at it).
 */
const fields = {
  name: z.string().trim().min(1).max(120),
  priority: z.number().int().min(-1000).max(1000),
  categoryCode: z.string().regex(CATEGORY_CODE).nullable().openapi({ description: 'null: any category; a code covers its whole branch' }),
  requestType: z.enum(REQUEST_TYPES).nullable(),
  urgency: z.enum(URGENCY_CLASSES).nullable(),
  placeUnitId: dbId().nullable().openapi({ description: 'a street, township or district; null: anywhere' }),
  target: z.enum(['territorial', 'unit', 'district']).openapi({ description: 'territorial: the street of the place; unit: leadUnitId; district: the district government' }),
  leadUnitId: dbId().nullable(),
  coHandlerUnitIds: z.array(dbId()).max(10),
  dutyItemCode: z.string().trim().max(20).nullable(),
  streetCoHandles: z.boolean(),
  validFrom: isoDateTime(),
  validTo: isoDateTime().nullable(),
  note: z.string().trim().max(500).nullable(),
};
export const RuleInput = z
  .object({ ...fields, priority: fields.priority.optional(), categoryCode: fields.categoryCode.optional(), requestType: fields.requestType.optional(),
    urgency: fields.urgency.optional(), placeUnitId: fields.placeUnitId.optional(), leadUnitId: fields.leadUnitId.optional(),
    coHandlerUnitIds: fields.coHandlerUnitIds.optional(), dutyItemCode: fields.dutyItemCode.optional(), streetCoHandles: fields.streetCoHandles.optional(),
    validFrom: fields.validFrom.optional().openapi({ description: 'default: now' }), validTo: fields.validTo.optional(), note: fields.note.optional() })
  .openapi('DispatchRuleInput');
export const RulePatch = z.object(fields).partial().openapi('DispatchRulePatch');

type RuleValues = { [K in keyof typeof fields]: z.infer<(typeof fields)[K]> };
type RuleRow = { id: number; name: string; priority: number; category_code: string | null; request_type: string | null; urgency: string | null; place_unit_id: number | null; target: RuleValues['target']; lead_unit_id: number | null; co_handler_unit_ids: number[]; duty_item_code: string | null; street_co_handles: boolean; valid_from: Date; valid_to: Date | null; note: string | null };

const fromRow = (r: RuleRow): RuleValues => ({
  name: r.name, priority: r.priority, categoryCode: r.category_code, requestType: r.request_type as RuleValues['requestType'], urgency: r.urgency as RuleValues['urgency'],
  placeUnitId: r.place_unit_id, target: r.target, leadUnitId: r.lead_unit_id, coHandlerUnitIds: r.co_handler_unit_ids, dutyItemCode: r.duty_item_code,
  streetCoHandles: r.street_co_handles, validFrom: r.valid_from, validTo: r.valid_to, note: r.note,
});

const fail = (field: string, en: string, zh: string) => new AppError('validation_failed', en, { field }, zh);

async function validateRule(tx: Queryable, v: RuleValues, replacing: number | null = null): Promise<void> {
  if (v.validTo && v.validTo <= v.validFrom) throw fail('validTo', 'validTo must be after validFrom', '失效时间须晚于生效时间');
  await refuseOverlap(tx, v, replacing);
  if (v.target === 'unit' && !v.leadUnitId) throw fail('leadUnitId', "target 'unit' needs leadUnitId", '指定单位派单须填写主办单位');
  if (v.target !== 'unit' && v.leadUnitId) throw fail('leadUnitId', `target '${v.target}' takes no leadUnitId`, '属地或区级派单不指定主办单位');
  const ids = [...new Set([v.leadUnitId, v.placeUnitId, ...v.coHandlerUnitIds].filter((x): x is number => !!x))];
  const units = (await tx.query<{ id: number; kind: string; active: boolean }>('select id, kind, active from units where id = any($1::int[])', [ids])).rows;
  const kindOf = (id: number) => units.find((u) => u.id === id && u.active)?.kind;
  if (v.leadUnitId && !['district', 'street', 'township', 'department', 'enterprise'].includes(kindOf(v.leadUnitId) ?? '')) {
    throw fail('leadUnitId', `Unit ${v.leadUnitId} cannot lead orders`, `单位 ${v.leadUnitId} 不能作为主办单位`);
  }
  if (v.placeUnitId && !['district', 'street', 'township'].includes(kindOf(v.placeUnitId) ?? '')) {
    throw fail('placeUnitId', `Unit ${v.placeUnitId} is not a street, township or district`, `单位 ${v.placeUnitId} 不是街乡或区`);
  }
  for (const id of v.coHandlerUnitIds) {
    if (!['district', 'street', 'township', 'community', 'department', 'enterprise'].includes(kindOf(id) ?? '')) {
      throw fail('coHandlerUnitIds', `Unit ${id} cannot co-handle`, `单位 ${id} 不能作为协办单位`);
    }
  }
  if (v.categoryCode) {
    const ok = (await tx.query(
      `select 1 from categories where code = $1 and taxonomy_version_id = (select id from taxonomy_versions where status = 'active')`, [v.categoryCode],
    )).rows.length;
    if (!ok) throw fail('categoryCode', `Unknown category ${v.categoryCode}`, `分类代码不存在：${v.categoryCode}`);
  }
  if (v.dutyItemCode) {
    const ok = (await tx.query(
      `select 1 from duty_items i join duty_lists l on l.id = i.list_id where l.status = 'active' and l.list_kind = 'duty' and i.code = $1`, [v.dutyItemCode],
    )).rows.length;
    if (!ok) throw fail('dutyItemCode', `No active duty item ${v.dutyItemCode}`, `现行职责清单中没有事项 ${v.dutyItemCode}`);
  }
}

/**
 * Two rules with the same conditions and priority in force at the same moment would be decided by
 * their start dates, silently: an ambiguity an editor must resolve, so it is refused.
 */
async function refuseOverlap(tx: Queryable, v: RuleValues, replacing: number | null): Promise<void> {
  const clash = (await tx.query<{ id: number }>(
    `select id from dispatch_rules
      where id <> $1 and priority = $2 and category_code is not distinct from $3 and request_type is not distinct from $4
        and urgency is not distinct from $5 and place_unit_id is not distinct from $6
        and tstzrange(valid_from, valid_to) && tstzrange($7::timestamptz, $8::timestamptz)
      order by id limit 1`,
    [replacing ?? 0, v.priority, v.categoryCode, v.requestType, v.urgency, v.placeUnitId, v.validFrom, v.validTo],
  )).rows[0];
  if (clash) {
    throw new AppError('validity_overlap', `Rule ${clash.id} has the same conditions and priority for part of that period.`, { field: 'validFrom', ruleId: clash.id },
      `规则 ${clash.id} 在该期间内条件与优先级相同，生效期不能重叠。`);
  }
}

async function insertRule(tx: Queryable, v: RuleValues, actorId: number, now: Date): Promise<RuleRow> {
  return (await tx.query<RuleRow>(
    `insert into dispatch_rules(name, priority, category_code, request_type, urgency, place_unit_id, target, lead_unit_id, co_handler_unit_ids,
                                duty_item_code, street_co_handles, valid_from, valid_to, note, created_by, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) returning *`,
    [v.name, v.priority, v.categoryCode, v.requestType, v.urgency, v.placeUnitId, v.target, v.leadUnitId, v.coHandlerUnitIds,
      v.dutyItemCode, v.streetCoHandles, v.validFrom, v.validTo, v.note, actorId, now],
  )).rows[0];
}

async function edit<T>(ctx: Ctx, fn: (tx: Queryable, actorId: number, now: Date) => Promise<T>): Promise<T> {
  const actor = requireRoles(ctx, ['admin'], 'edit the dispatch catalogue', '维护派单目录');
  const out = await ctx.db.transaction((tx) => fn(tx, actor.userId, ctx.now()));
  await forgetRouting(ctx.db);
  return out;
}

export async function createRule(ctx: Ctx, input: z.infer<typeof RuleInput>) {
  return edit(ctx, async (tx, actorId, now) => {
    const v: RuleValues = {
      name: input.name, priority: input.priority ?? 100, categoryCode: input.categoryCode ?? null, requestType: input.requestType ?? null,
      urgency: input.urgency ?? null, placeUnitId: input.placeUnitId ?? null, target: input.target, leadUnitId: input.leadUnitId ?? null,
      coHandlerUnitIds: input.coHandlerUnitIds ?? [], dutyItemCode: input.dutyItemCode ?? null, streetCoHandles: input.streetCoHandles ?? false,
      validFrom: input.validFrom ?? now, validTo: input.validTo ?? null, note: input.note ?? null,
    };
    await validateRule(tx, v);
    return insertRule(tx, v, actorId, now);
  });
}

async function lockRule(tx: Queryable, id: number): Promise<RuleRow> {
  const r = (await tx.query<RuleRow>('select * from dispatch_rules where id = $1 for update', [id])).rows[0];
  if (!r) throw notFound('dispatch rule', id);
  return r;
}

const expired = (r: RuleRow, now: Date) => !!r.valid_to && r.valid_to <= now;
const expiredError = (r: RuleRow) => new AppError('invalid_transition', `Rule ${r.id} expired on ${r.valid_to!.toISOString()}; it is history.`, { validTo: r.valid_to }, `规则 ${r.id} 已失效，只作历史保留，不能修改。`);

/** A rule already in force is closed now and succeeded by a new rule with the changes; a future rule is changed in place. */
export async function updateRule(ctx: Ctx, id: number, patch: z.infer<typeof RulePatch>) {
  return edit(ctx, async (tx, actorId, now) => {
    const cur = await lockRule(tx, id);
    if (expired(cur, now)) throw expiredError(cur);
    const inForce = cur.valid_from <= now;
    const v: RuleValues = { ...fromRow(cur), ...patch, ...(inForce && !patch.validFrom ? { validFrom: now } : {}) };
    if (inForce && v.validFrom < now) throw fail('validFrom', 'A successor cannot start in the past', '新规则的生效时间不能早于现在');
    await validateRule(tx, v, id);
    if (!inForce) {
      const row = (await tx.query<RuleRow>(
        `update dispatch_rules set name = $2, priority = $3, category_code = $4, request_type = $5, urgency = $6, place_unit_id = $7, target = $8,
                lead_unit_id = $9, co_handler_unit_ids = $10, duty_item_code = $11, street_co_handles = $12, valid_from = $13, valid_to = $14, note = $15
          where id = $1 returning *`,
        [id, v.name, v.priority, v.categoryCode, v.requestType, v.urgency, v.placeUnitId, v.target, v.leadUnitId, v.coHandlerUnitIds,
          v.dutyItemCode, v.streetCoHandles, v.validFrom, v.validTo, v.note],
      )).rows[0];
      return { ...row, supersededRuleId: null };
    }
    await tx.query('update dispatch_rules set valid_to = $2 where id = $1', [id, v.validFrom]);
    const successor = await insertRule(tx, { ...v, note: v.note ?? `替代规则 #${id}` }, actorId, now);
    return { ...successor, supersededRuleId: id };
  });
}

/** Ends a rule's validity now (kept for the orders that name it); a rule never in force is deleted. */
export async function retireRule(ctx: Ctx, id: number) {
  return edit(ctx, async (tx, _actorId, now) => {
    const cur = await lockRule(tx, id);
    if (expired(cur, now)) throw expiredError(cur);
    if (cur.valid_from > now) {
      await tx.query('delete from dispatch_rules where id = $1', [id]);
      return { id, deleted: true, validTo: null };
    }
    await tx.query('update dispatch_rules set valid_to = $2 where id = $1', [id, now]);
    return { id, deleted: false, validTo: now };
  });
}
