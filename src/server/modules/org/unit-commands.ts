import { z } from '@hono/zod-openapi';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { invalidateReference } from '../../lib/reference-cache.ts';
import { dbId } from '../../http/input-schemas.ts';
import { CHILD_KINDS, UNIT_KINDS, type UnitKind } from '../../../shared/org-rules.ts';
import { diff, recordChange } from './org-history.ts';
import type { UnitRow } from './org-tables.ts';
import { TERMINAL_SQL } from '../work-orders/work-order-sources.ts';
import { PHONE } from './user-edit-commands.ts';
import type { AdminAudit } from './user-commands.ts';

/*
 * Every cached view of the unit tree: the administrative index (and the fallback district under
 * it), the routing snapshot's units, and the gazetteer and point index that carry unit names and
 * boundaries. A unit edit drops them all, in every server process.
 */
const UNIT_KEYS = ['units', 'routing', 'routing.geo.gazetteer', 'routing.geo.index'];

const name = z.string().trim().min(1).max(100);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const UnitCreate = z
  .object({
    parentId: dbId(),
    // the first kind is the one a generated example uses: one no parent accepts under itself by mistake
    kind: z.enum(['grid', ...UNIT_KINDS.filter((k) => k !== 'grid')] as [UnitKind, ...UnitKind[]]),
    code: z.string().trim().regex(/^[A-Za-z0-9-]{2,40}$/, '2-40 letters, digits or -'),
    name,
    nameEn: optionalText(200),
    shortName: optionalText(30),
    phone: z.string().trim().regex(PHONE, 'a phone number').nullable().optional(),
    tier: optionalText(30).openapi({ description: 'an enterprise’s service (water, power, gas…); a department’s tier follows its parent' }),
  })
  .openapi('UnitCreate');

export const UnitPatch = z
  .object({
    version: z.number().int().min(1).openapi({ description: 'The version you loaded; a stale one is refused (409 version_conflict).' }),
    name: name.optional(),
    nameEn: optionalText(200),
    shortName: optionalText(30),
    phone: z.string().trim().regex(PHONE, 'a phone number').nullable().optional(),
    active: z.boolean().optional(),
  })
  .openapi('UnitPatch');

const blank = (s: string | null | undefined) => (s === undefined ? undefined : s === null || s === '' ? null : s);

/** A unit under an active parent whose level admits its kind; its path and district follow from the parent. */
export async function createUnit(db: Db, input: z.infer<typeof UnitCreate>, audit: AdminAudit): Promise<number> {
  const id = await db.transaction(async (tx) => {
    const parent = (await tx.query<UnitRow>('select * from units where id = $1', [input.parentId])).rows[0];
    if (!parent || !parent.active) throw new AppError('validation_failed', `Parent unit ${input.parentId} does not exist or is inactive.`, { field: 'parentId' }, '上级单位不存在或已停用。');
    const allowed = CHILD_KINDS[parent.kind as UnitKind] ?? [];
    if (!allowed.includes(input.kind)) {
      throw new AppError('validation_failed', `A ${input.kind} cannot be created under a ${parent.kind}.`, { field: 'kind', allowed }, '该上级单位下不能设立此类单位。');
    }
    if ((await tx.query('select 1 from units where code = $1', [input.code])).rows.length) {
      throw new AppError('conflict', `Unit code ${input.code} is taken.`, { field: 'code' }, `单位编码 ${input.code} 已被使用。`);
    }
    const tier = input.kind === 'department' ? (parent.kind === 'city' ? 'municipal' : 'district') : input.kind === 'enterprise' ? (blank(input.tier) ?? null) : null;
    const row = (
      await tx.query<{ id: number }>(
        `insert into units(code, name, name_en, short_name, phone, kind, parent_id, path, tier) values ($1, $2, $3, $4, $5, $6, $7, '', $8) returning id`,
        [input.code, input.name, blank(input.nameEn) ?? null, blank(input.shortName) ?? null, blank(input.phone) ?? null, input.kind, parent.id, tier],
      )
    ).rows[0];
    await tx.query(`update units set path = $2 || id || '/', district_id = case when kind = 'district' then id else $3::int end where id = $1`, [row.id, parent.path, parent.district_id]);
    const after = { code: input.code, name: input.name, nameEn: blank(input.nameEn) ?? null, shortName: blank(input.shortName) ?? null, phone: blank(input.phone) ?? null, kind: input.kind, parent: parent.name, tier };
    await recordChange(tx, { kind: 'unit', subjectId: row.id, at: audit.at, actorId: audit.actorId, action: 'created', after });
    return row.id;
  });
  await invalidateReference(db, ...UNIT_KEYS);
  return id;
}

/**
 * What keeps a unit in use: active units under it, active accounts holding a role in it, and open
 * work orders it leads, is assigned to, or that lie in it. Deactivating is refused while any
 * remain (409 unit_in_use with the counts): the administrator moves them first, so no order is
 * left with a unit nobody can act for.
 */
async function usage(q: Queryable, id: number) {
  const r = await q.query<{ children: number; users: number; orders: number }>(
    `select (select count(*)::int from units where parent_id = $1 and active) as children,
            (select count(distinct u.id)::int from user_roles r join users u on u.id = r.user_id where r.unit_id = $1 and u.active) as users,
            (select count(*)::int from (
               -- one indexed lookup per column rather than one OR the planner would scan for
               select id from work_orders where lead_unit_id = $1 and status not in ${TERMINAL_SQL}
               union select id from work_orders where street_id = $1 and status not in ${TERMINAL_SQL}
               union select id from work_orders where community_id = $1 and status not in ${TERMINAL_SQL}
               union select id from work_orders where grid_id = $1 and status not in ${TERMINAL_SQL}
               union select id from work_orders where district_id = $1 and status not in ${TERMINAL_SQL}
               union select o.id from work_order_assignments a join work_orders o on o.id = a.order_id
                      where a.unit_id = $1 and a.active and o.status not in ${TERMINAL_SQL}) open) as orders`,
    [id],
  );
  return r.rows[0];
}

export async function updateUnit(db: Db, id: number, input: z.infer<typeof UnitPatch>, audit: AdminAudit): Promise<void> {
  const changed = await db.transaction(async (tx) => {
    const u = (await tx.query<UnitRow>('select * from units where id = $1 for update', [id])).rows[0];
    if (!u) throw notFound('unit', id);
    if (u.version !== input.version) {
      throw new AppError('version_conflict', `Unit ${id} changed since you loaded it (version ${input.version}, now ${u.version}).`, { expected: input.version, actual: u.version }, '该单位已被他人修改，请刷新后重试。');
    }
    const before = { name: u.name, nameEn: u.name_en, shortName: u.short_name, phone: u.phone, active: u.active };
    const after = {
      name: input.name ?? u.name,
      nameEn: blank(input.nameEn) === undefined ? u.name_en : blank(input.nameEn),
      shortName: blank(input.shortName) === undefined ? u.short_name : blank(input.shortName),
      phone: blank(input.phone) === undefined ? u.phone : blank(input.phone),
      active: input.active ?? u.active,
    };
    const d = diff(before, after);
    if (!d) return false;
    if (!after.active && u.active) {
      const use = await usage(tx, id);
      if (use.children || use.users || use.orders) {
        throw new AppError('unit_in_use', `Unit ${u.name} still has ${use.children} active units, ${use.users} active accounts and ${use.orders} open work orders.`, use, `该单位仍有下级单位 ${use.children} 个、在用账号 ${use.users} 个、未办结工单 ${use.orders} 件，请先调整后再停用。`);
      }
    }
    if (after.active && !u.active && u.parent_id !== null) {
      const parent = (await tx.query<{ active: boolean }>('select active from units where id = $1', [u.parent_id])).rows[0];
      if (!parent.active) throw new AppError('validation_failed', 'Reactivate the parent unit first.', { field: 'active' }, '请先启用上级单位。');
    }
    await tx.query('update units set name = $2, name_en = $3, short_name = $4, phone = $5, active = $6, version = version + 1 where id = $1', [id, after.name, after.nameEn, after.shortName, after.phone, after.active]);
    const action = after.active === u.active ? 'updated' : after.active ? 'reactivated' : 'deactivated';
    await recordChange(tx, { kind: 'unit', subjectId: id, at: audit.at, actorId: audit.actorId, action, ...d });
    return true;
  });
  if (changed) await invalidateReference(db, ...UNIT_KEYS);
}
