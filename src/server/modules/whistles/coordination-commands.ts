import { z } from '@hono/zod-openapi';
import type { Ctx } from '../../lib/ctx.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { notify } from '../notifications/notify.ts';
import type { StationedStaffRow, WhistleSupervisionRow } from './whistle-tables.ts';

export const StationedInput = z.object({ departmentId: z.number().int().positive(), name: z.string().trim().min(1).max(100), phone: z.string().trim().max(30).optional() }).openapi('StationedStaffInput');
export const SupervisionInput = z
  .object({ unitId: z.number().int().positive(), kind: z.enum(['reminder', 'interview', 'priority']), note: z.string().trim().min(1).max(2000), whistleId: z.number().int().positive().optional() })
  .openapi('WhistleSupervisionInput');

const street = (ctx: Ctx, streetId: number) =>
  ctx.actor?.grants.some((g) => (g.role === 'street_staff' && g.unitId === streetId) || g.role === 'admin' || g.role === 'district_supervisor');

/** 派驻人员: the street keeps the register of the staff departments station at its joint enforcement centre. */
export async function registerStationed(ctx: Ctx, streetId: number, input: z.infer<typeof StationedInput>): Promise<StationedStaffRow> {
  if (!street(ctx, streetId)) throw forbidden('Only the street (or the district) keeps its register of stationed staff.', '仅本街乡或区级可维护派驻人员名册。');
  const kinds = (await ctx.db.query<{ id: number; kind: string }>('select id, kind from units where id = any($1::int[])', [[streetId, input.departmentId]])).rows;
  if (kinds.find((u) => u.id === streetId)?.kind !== 'street' && kinds.find((u) => u.id === streetId)?.kind !== 'township') throw notFound('unit', streetId);
  if (kinds.find((u) => u.id === input.departmentId)?.kind !== 'department') {
    throw new AppError('validation_failed', 'Stationed staff belong to a department.', { field: 'departmentId' }, '派驻人员须来自区级部门。');
  }
  return (await ctx.db.query<StationedStaffRow>(
    `insert into stationed_staff(street_id, department_id, name, phone, created_by, created_at) values ($1, $2, $3, $4, $5, $6) returning *`,
    [streetId, input.departmentId, input.name, input.phone ?? null, ctx.actor!.userId, ctx.now()],
  )).rows[0];
}

export async function listStationed(ctx: Ctx, streetId: number) {
  if (!street(ctx, streetId)) throw forbidden('Only the street (or the district) sees its register of stationed staff.', '仅本街乡或区级可查看派驻人员名册。');
  return (await ctx.db.query(
    `select s.id, s.department_id as "departmentId", u.name as "departmentName", s.name, s.phone, s.created_at as "createdAt"
       from stationed_staff s join units u on u.id = s.department_id where s.street_id = $1 and s.active order by u.name, s.name`, [streetId],
  )).rows;
}

/** District supervision of a unit over whistles: a reminder, a priority set for an over-summoned unit, or an interview (约谈). */
export async function superviseUnit(ctx: Ctx, input: z.infer<typeof SupervisionInput>): Promise<WhistleSupervisionRow> {
  const district = ctx.actor?.grants.find((g) => g.role === 'district_supervisor' && g.unitId !== null);
  if (!district) throw forbidden('Only the district supervises units over whistles.', '仅区级可就吹哨报到督办单位。');
  return ctx.db.transaction(async (tx) => {
    const row = (await tx.query<WhistleSupervisionRow>(
      `insert into whistle_supervisions(district_id, unit_id, kind, note, whistle_id, created_by, created_at) values ($1, $2, $3, $4, $5, $6, $7) returning *`,
      [district.unitId, input.unitId, input.kind, input.note, input.whistleId ?? null, ctx.actor!.userId, ctx.now()],
    )).rows[0];
    const zh = { reminder: '督办提醒', interview: '约谈通知', priority: '报到优先级' }[input.kind];
    await notify(tx, ctx, {
      kind: `whistle.supervision.${input.kind}`, subjectKind: 'whistle_supervision', subjectId: row.id, unitIds: [input.unitId],
      title: { zh: `区级${zh}`, en: `District ${input.kind}` }, body: { zh: input.note, en: input.note },
    });
    return row;
  });
}
