import { z } from '@hono/zod-openapi';
import type { Ctx } from '../../lib/ctx.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { notify } from '../notifications/notify.ts';
import type { StationedStaffRow, WhistleSupervisionRow } from './whistle-tables.ts';

export const StationedInput = z.object({ departmentId: z.number().int().positive(), name: z.string().trim().min(1).max(100), phone: z.string().trim().max(30).optional() }).openapi('StationedStaffInput');
export const SupervisionInput = z
  .object({ unitId: z.number().int().positive(), kind: z.enum(['reminder', 'interview', 'priority']), note: z.string().trim().min(1).max(2000), whistleId: z.number().int().positive().optional() })
  .openapi('WhistleSupervisionInput');

/** The street's own staff, its district's supervisors and administrators keep a street's register. */
async function keepsRegister(ctx: Ctx, streetId: number): Promise<boolean> {
  const u = (await ctx.db.query<{ kind: string; district_id: number | null }>('select kind, district_id from units where id = $1', [streetId])).rows[0];
  if (!u || !['street', 'township'].includes(u.kind)) throw notFound('unit', streetId);
  return !!ctx.actor?.grants.some((g) => (g.role === 'street_staff' && g.unitId === streetId) || g.role === 'admin' || (g.role === 'district_supervisor' && g.unitId === u.district_id));
}

/** 派驻人员: the street keeps the register of the staff departments station at its joint enforcement centre. */
export async function registerStationed(ctx: Ctx, streetId: number, input: z.infer<typeof StationedInput>): Promise<StationedStaffRow> {
  if (!(await keepsRegister(ctx, streetId))) throw forbidden('Only the street (or the district) keeps its register of stationed staff.', '仅本街乡或区级可维护派驻人员名册。');
  const dept = (await ctx.db.query<{ kind: string }>('select kind from units where id = $1 and active', [input.departmentId])).rows[0];
  if (dept?.kind !== 'department') {
    throw new AppError('validation_failed', 'Stationed staff belong to a department.', { field: 'departmentId' }, '派驻人员须来自区级部门。');
  }
  return (await ctx.db.query<StationedStaffRow>(
    `insert into stationed_staff(street_id, department_id, name, phone, created_by, created_at) values ($1, $2, $3, $4, $5, $6) returning *`,
    [streetId, input.departmentId, input.name, input.phone ?? null, ctx.actor!.userId, ctx.now()],
  )).rows[0];
}

/** Takes a person off the register (they left the centre); whistles they were dispatched on keep the record. */
export async function removeStationed(ctx: Ctx, streetId: number, staffId: number): Promise<void> {
  if (!(await keepsRegister(ctx, streetId))) throw forbidden('Only the street (or the district) keeps its register of stationed staff.', '仅本街乡或区级可维护派驻人员名册。');
  const r = await ctx.db.query('update stationed_staff set active = false where id = $1 and street_id = $2 and active returning id', [staffId, streetId]);
  if (!r.rows.length) throw notFound('stationed staff', staffId);
}

export async function listStationed(ctx: Ctx, streetId: number) {
  if (!(await keepsRegister(ctx, streetId))) throw forbidden('Only the street (or the district) sees its register of stationed staff.', '仅本街乡或区级可查看派驻人员名册。');
  return (await ctx.db.query(
    `select s.id, s.department_id as "departmentId", u.name as "departmentName", s.name, s.phone, s.created_at as "createdAt"
       from stationed_staff s join units u on u.id = s.department_id where s.street_id = $1 and s.active order by u.name, s.name`, [streetId],
  )).rows;
}

/** District supervision of a unit over whistles: a reminder, a priority set for an over-summoned unit, or an interview (约谈). */
export async function superviseUnit(ctx: Ctx, input: z.infer<typeof SupervisionInput>): Promise<WhistleSupervisionRow> {
  const district = ctx.actor?.grants.find((g) => g.role === 'district_supervisor' && g.unitId !== null);
  if (!district) throw forbidden('Only the district supervises units over whistles.', '仅区级可就吹哨报到督办单位。');
  const target = (await ctx.db.query<{ district_id: number | null; kind: string }>('select district_id, kind from units where id = $1', [input.unitId])).rows[0];
  if (!target || !['department', 'enterprise', 'district'].includes(target.kind) || (target.district_id !== null && target.district_id !== district.unitId)) {
    throw new AppError('validation_failed', 'Supervise a department, enterprise or leader that answers whistles in your district.', { field: 'unitId' }, '只能督办本区应哨的部门、企业或区领导。');
  }
  if (input.whistleId !== undefined) {
    const w = (await ctx.db.query<{ district_id: number | null }>('select district_id from whistles where id = $1', [input.whistleId])).rows[0];
    if (!w || w.district_id !== district.unitId) throw notFound('whistle', input.whistleId);
  }
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

/** The district's supervision records, newest first: what was said to whom, and when. */
export async function listSupervisions(ctx: Ctx) {
  const districts = (ctx.actor?.grants ?? []).filter((g) => g.role === 'district_supervisor' && g.unitId !== null).map((g) => g.unitId!);
  const citywide = !!ctx.actor?.grants.some((g) => g.role === 'admin' || g.role === 'hotline_supervisor');
  if (!districts.length && !citywide) throw forbidden('Supervision records are the district’s.', '督办记录仅对区级开放。');
  return (await ctx.db.query(
    `select s.id, s.unit_id as "unitId", u.name as "unitName", s.kind, s.note, s.whistle_id as "whistleId", s.created_at as "createdAt", us.display_name as "by"
       from whistle_supervisions s join units u on u.id = s.unit_id left join users us on us.id = s.created_by
      where $1 or s.district_id = any($2::int[]) order by s.id desc limit 200`, [citywide, districts],
  )).rows;
}
