import { z } from '@hono/zod-openapi';
import type { Queryable } from '../../../db/client.ts';
import type { Ctx } from '../../../lib/ctx.ts';
import { AppError, notFound } from '../../../lib/errors.ts';
import { forgetRouting } from '../catalogue/routing-snapshot.ts';
import { requireStaff } from '../catalogue/routing-access.ts';
import { assertMayEdit, defaultScopeUnitId, loadScope } from './duty-list-scope.ts';
import { dbId } from '../../../http/input-schemas.ts';
import { CATEGORY_CODE } from '../taxonomy/category-codes.ts';

/*
 * Duty lists change only by procedure (domain §7): a draft copied from the list in force is edited
 * item by item, submitted, and approved by someone else. Each step appends a duty_list_events row
 * with the actor and, for item edits, the item before and after, so "who changed what" survives
 * even though the draft rows themselves are overwritten while editing.
 */
export const LIST_KINDS = ['duty', 'enforcement', 'approval'] as const;
export const UNIT_KINDS = ['street', 'township', 'community', 'department'] as const;
export const DUTY_ROLES = ['lead', 'coordinate', 'assist'] as const;

const ItemCode = z.string().trim().regex(/^[A-Z]{1,4}-\d{2,3}$/, "like 'CG-07'");
const CategoryCodes = z.array(z.string().regex(CATEGORY_CODE)).max(30);

export const DutyListDraftInput = z
  .object({
    listKind: z.enum(LIST_KINDS),
    unitKind: z.enum(UNIT_KINDS),
    name: z.string().trim().min(1).max(100).optional(),
    scopeUnitId: dbId().nullable().optional().openapi({ description: "owner: null for the city's base list, a district, street or township for its variant; omitted: the caller's own level" }),
  })
  .openapi('DutyListDraftInput');

const itemFields = {
  block: z.string().trim().min(1).max(30),
  text: z.string().trim().min(4).max(500),
  legalBasis: z.string().trim().max(500).nullish(),
  role: z.enum(DUTY_ROLES),
  leadDepartmentCode: z.string().trim().max(40).nullish().openapi({ description: 'unit code of the lead department where the unit is not lead' }),
  categoryCodes: CategoryCodes,
};

export const DutyItemInput = z
  .object({ ...itemFields, code: ItemCode.optional().openapi({ description: 'omit to number it after the other items of its block' }), categoryCodes: CategoryCodes.default([]) })
  .openapi('DutyItemInput');

// built from the plain fields: a default inside .partial() would fill absent keys and wipe them on update
export const DutyItemPatch = z.object(itemFields).partial().openapi('DutyItemPatch');

export type DutyItemValues = Omit<z.infer<typeof DutyItemInput>, 'code'>;
export type ListRow = { id: number; list_kind: string; unit_kind: string; scope_unit_id: number | null; version: number; name: string; status: string; submitted_by: number | null };

export async function appendListEvent(tx: Queryable, listId: number, type: string, actorId: number | null, at: Date, data: Record<string, unknown> = {}) {
  await tx.query('insert into duty_list_events(list_id, type, actor_id, at, data) values ($1, $2, $3, $4, $5)', [listId, type, actorId, at, JSON.stringify(data)]);
}

export async function lockList(tx: Queryable, listId: number): Promise<ListRow> {
  const l = (await tx.query<ListRow>(`select ${LIST_ROW_COLS} from duty_lists where id = $1 for update`, [listId])).rows[0];
  if (!l) throw notFound('duty list', listId);
  return l;
}

export function wrongState(l: ListRow, action: string): AppError {
  return new AppError(
    'invalid_transition',
    `Duty list ${l.id} is ${l.status}; cannot ${action}.`,
    { status: l.status, action },
    `职责清单（${l.name} 第${l.version}版）当前状态为「${l.status}」，不能${action}。`,
  );
}

async function lockDraft(tx: Queryable, listId: number, owner: (scopeUnitId: number | null, unitKind: string) => Promise<void>): Promise<ListRow> {
  const l = await lockList(tx, listId);
  await owner(l.scope_unit_id, l.unit_kind);
  if (l.status !== 'draft') throw wrongState(l, 'edit items');
  return l;
}

const LIST_ROW_COLS = 'id, list_kind, unit_kind, scope_unit_id, version, name, status, submitted_by';

/** The active list of the nearest owner above `scopeUnitId` (a street's district, then the city). */
async function inForceAbove(tx: Queryable, lists: ListRow[], scopeUnitId: number | null): Promise<ListRow | undefined> {
  if (scopeUnitId === null) return undefined;
  const district = (await tx.query<{ district_id: number | null; kind: string }>('select district_id, kind from units where id = $1', [scopeUnitId])).rows[0];
  const above = district?.kind !== 'district' && district?.district_id ? [district.district_id, null] : [null];
  for (const owner of above) {
    const hit = lists.find((l) => l.status === 'active' && l.scope_unit_id === owner);
    if (hit) return hit;
  }
  return undefined;
}

/** Data rules an item must meet, whichever way it was written. */
export async function validateItem(tx: Queryable, list: ListRow, v: DutyItemValues): Promise<void> {
  const fail = (field: string, en: string, zh: string) => new AppError('validation_failed', en, { field }, zh);
  if (v.role === 'lead' && v.leadDepartmentCode) throw fail('leadDepartmentCode', 'A lead item names no other lead department', '主责事项不应再指定主责部门');
  // streets and townships must name who leads what they only assist; a community's assist items are led by its own street
  if (v.role === 'assist' && !v.leadDepartmentCode && ['street', 'township'].includes(list.unit_kind)) {
    throw fail('leadDepartmentCode', 'An assist item must name the lead department', '参与协助事项须注明主责部门');
  }
  if (v.leadDepartmentCode) {
    const u = (await tx.query<{ kind: string }>('select kind from units where code = $1 and active', [v.leadDepartmentCode])).rows[0];
    if (!u || !['department', 'enterprise'].includes(u.kind)) {
      throw fail('leadDepartmentCode', `${v.leadDepartmentCode} is not an active department`, `${v.leadDepartmentCode} 不是有效的部门单位代码`);
    }
  }
  if (v.categoryCodes.length) {
    const found = (await tx.query<{ code: string }>(
      `select code from categories where code = any($1::text[]) and taxonomy_version_id = (select id from taxonomy_versions where status = 'active')`,
      [v.categoryCodes],
    )).rows.map((r) => r.code);
    const missing = v.categoryCodes.filter((c) => !found.includes(c));
    if (missing.length) throw fail('categoryCodes', `Unknown categories: ${missing.join(', ')}`, `分类代码不存在：${missing.join('、')}`);
  }
}

/** Runs an edit as the list's owner: `fn` names the list (or the draft's owner and kind) it touches before writing. */
async function edit<T>(ctx: Ctx, fn: (tx: Queryable, actorId: number, owner: (scopeUnitId: number | null, unitKind: string) => Promise<void>) => Promise<T>): Promise<T> {
  const actor = requireStaff(ctx.actor);
  const owner = async (tx: Queryable, scopeUnitId: number | null, unitKind: string) => assertMayEdit(actor, await loadScope(tx, scopeUnitId), unitKind);
  const out = await ctx.db.transaction((tx) => fn(tx, actor.userId, (id, kind) => owner(tx, id, kind)));
  await forgetRouting(ctx.db);
  return out;
}

/** A draft holding a copy of the list in force. One open draft (or submission) per list at a time. */
export async function createDutyListDraft(ctx: Ctx, input: z.infer<typeof DutyListDraftInput>) {
  return edit(ctx, async (tx, actorId, owner) => {
    const scopeUnitId = input.scopeUnitId !== undefined ? input.scopeUnitId : defaultScopeUnitId(ctx.actor!);
    await owner(scopeUnitId, input.unitKind);
    // serialises concurrent drafts of one kind (versions are numbered across owners) without a dedicated index
    await tx.query('select pg_advisory_xact_lock(727100, hashtext($1))', [`${input.listKind}/${input.unitKind}`]);
    const all = (await tx.query<ListRow>(`select ${LIST_ROW_COLS} from duty_lists where list_kind = $1 and unit_kind = $2 order by version desc`, [input.listKind, input.unitKind])).rows;
    const lists = all.filter((l) => l.scope_unit_id === scopeUnitId);
    const open = lists.find((l) => l.status === 'draft' || l.status === 'submitted');
    if (open) throw new AppError('invalid_transition', `List ${open.id} (v${open.version}) is already ${open.status}.`, { openListId: open.id, status: open.status }, `该清单已有${open.status === 'draft' ? '草稿' : '待审批版本'}（第${open.version}版），请先处理。`);
    // a first variant starts from the list its owner works by today: the district's, else the city's
    const active = lists.find((l) => l.status === 'active') ?? (await inForceAbove(tx, all, scopeUnitId));
    const version = (all[0]?.version ?? 0) + 1;
    const now = ctx.now();
    const created = (await tx.query<{ id: number }>(
      `insert into duty_lists(list_kind, unit_kind, scope_unit_id, version, name, status, created_by, created_at) values ($1, $2, $3, $4, $5, 'draft', $6, $7) returning id`,
      [input.listKind, input.unitKind, scopeUnitId, version, input.name ?? active?.name ?? `${input.unitKind} ${input.listKind} list`, actorId, now],
    )).rows[0];
    if (active) {
      await tx.query(
        `insert into duty_items(list_id, code, block, text, legal_basis, role, lead_department_code, category_codes)
         select $1, code, block, text, legal_basis, role, lead_department_code, category_codes from duty_items where list_id = $2 order by id`,
        [created.id, active.id],
      );
    }
    await appendListEvent(tx, created.id, 'duty_list.drafted', actorId, now, { copiedFrom: active?.id ?? null, version, scopeUnitId });
    return { id: created.id, version, status: 'draft', scopeUnitId, copiedFrom: active?.id ?? null };
  });
}

async function nextItemCode(tx: Queryable, listId: number, block: string): Promise<string> {
  const rows = (await tx.query<{ code: string; block: string }>('select code, block from duty_items where list_id = $1', [listId])).rows;
  const inBlock = rows.filter((r) => r.block === block).map((r) => r.code.split('-')[0]);
  const prefix = inBlock[0] ?? 'X';
  const max = Math.max(0, ...rows.filter((r) => r.code.startsWith(`${prefix}-`)).map((r) => Number(r.code.split('-')[1]) || 0));
  return `${prefix}-${String(max + 1).padStart(2, '0')}`;
}

const ITEM_COLS = 'id, list_id, code, block, text, legal_basis, role, lead_department_code, category_codes';

export async function addDutyItem(ctx: Ctx, listId: number, input: z.infer<typeof DutyItemInput>) {
  return edit(ctx, async (tx, actorId, owner) => {
    const list = await lockDraft(tx, listId, owner);
    await validateItem(tx, list, input);
    const code = input.code ?? (await nextItemCode(tx, listId, input.block));
    const taken = (await tx.query('select 1 from duty_items where list_id = $1 and code = $2', [listId, code])).rows.length;
    if (taken) throw new AppError('validation_failed', `Item ${code} exists`, { field: 'code' }, `事项编号 ${code} 已存在`);
    const item = (await tx.query(
      `insert into duty_items(list_id, code, block, text, legal_basis, role, lead_department_code, category_codes)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning ${ITEM_COLS}`,
      [listId, code, input.block, input.text, input.legalBasis ?? null, input.role, input.leadDepartmentCode ?? null, input.categoryCodes],
    )).rows[0];
    await appendListEvent(tx, listId, 'duty_list.item_added', actorId, ctx.now(), { code, after: item });
    return item;
  });
}

type ItemRow = { id: number; code: string; block: string; text: string; legal_basis: string | null; role: (typeof DUTY_ROLES)[number]; lead_department_code: string | null; category_codes: string[] };

async function itemOf(tx: Queryable, listId: number, code: string): Promise<ItemRow> {
  const it = (await tx.query<ItemRow>(`select ${ITEM_COLS} from duty_items where list_id = $1 and code = $2`, [listId, code])).rows[0];
  if (!it) throw notFound('duty item', code);
  return it;
}

export async function updateDutyItem(ctx: Ctx, listId: number, code: string, patch: z.infer<typeof DutyItemPatch>) {
  return edit(ctx, async (tx, actorId, owner) => {
    const list = await lockDraft(tx, listId, owner);
    const before = await itemOf(tx, listId, code);
    const merged: DutyItemValues = {
      block: patch.block ?? before.block,
      text: patch.text ?? before.text,
      legalBasis: patch.legalBasis !== undefined ? patch.legalBasis : before.legal_basis,
      role: patch.role ?? before.role,
      // becoming lead drops the lead department unless the patch names one (which validation then refuses)
      leadDepartmentCode: patch.leadDepartmentCode !== undefined ? patch.leadDepartmentCode : patch.role === 'lead' ? null : before.lead_department_code,
      categoryCodes: patch.categoryCodes ?? before.category_codes,
    };
    await validateItem(tx, list, merged);
    const after = (await tx.query(
      `update duty_items set block = $3, text = $4, legal_basis = $5, role = $6, lead_department_code = $7, category_codes = $8
        where list_id = $1 and code = $2 returning ${ITEM_COLS}`,
      [listId, code, merged.block, merged.text, merged.legalBasis ?? null, merged.role, merged.leadDepartmentCode ?? null, merged.categoryCodes],
    )).rows[0];
    await appendListEvent(tx, listId, 'duty_list.item_updated', actorId, ctx.now(), { code, before, after });
    return after;
  });
}

export async function removeDutyItem(ctx: Ctx, listId: number, code: string) {
  return edit(ctx, async (tx, actorId, owner) => {
    await lockDraft(tx, listId, owner);
    const before = await itemOf(tx, listId, code);
    await tx.query('delete from duty_items where id = $1', [before.id]);
    await appendListEvent(tx, listId, 'duty_list.item_removed', actorId, ctx.now(), { code, before });
    return { code, removed: true };
  });
}
