import { z } from '@hono/zod-openapi';
import type { Db, Queryable } from '../../../db/client.ts';
import { AppError, notFound } from '../../../lib/errors.ts';
import { dbId } from '../../../http/input-schemas.ts';
import { diff } from '../../org/org-history.ts';
import type { AdminAudit } from '../../org/user-commands.ts';
import { invalidateGazetteerIndex } from './gazetteer.ts';
import { recordGeoChange } from './geo-history.ts';
import { locatePoint } from './locate-point.ts';

/*
 * Creating, correcting and retiring gazetteer places (地名库). A place is never deleted: orders keep the
 * address as typed and the units it resolved to, not the place's id, so retiring only stops it
 * from matching new addresses and text, and its history stays readable.
 */

/** The kinds of unit a place may lie in: the geographic levels that addresses resolve to. */
export const PLACE_UNIT_KINDS = ['grid', 'community', 'street', 'township'];

const name = z.string().trim().min(1).max(60);
const coordinate = (limit: number) => z.number().min(-limit).max(limit);

export const PlaceCreate = z
  .object({
    name,
    kind: z.enum(['road', 'building', 'place', 'community', 'poi']),
    aliases: z.array(name).max(20).default([]),
    unitId: dbId().openapi({ description: 'the grid (or community, street) the place lies in' }),
    lon: coordinate(180),
    lat: coordinate(90),
  })
  .openapi('PlaceCreate');

export const PlacePatch = z
  .object({
    version: z.number().int().min(1).openapi({ description: 'The version you loaded; a stale one is refused (409 version_conflict).' }),
    name: name.optional(),
    kind: PlaceCreate.shape.kind.optional(),
    aliases: z.array(name).max(20).optional(),
    unitId: dbId().optional(),
    lon: coordinate(180).optional(),
    lat: coordinate(90).optional(),
    active: z.boolean().optional().openapi({ description: 'false retires the place: addresses and text no longer resolve to it' }),
  })
  .openapi('PlacePatch');

type PlaceFields = { name: string; kind: string; aliases: string[]; unitId: number; lon: number; lat: number; active: boolean };
type PlaceDbRow = { id: number; name: string; kind: string; aliases: string[]; unit_id: number | null; lon: number; lat: number; active: boolean; version: number };

/** The unit must exist, be active and be a geographic unit; its name goes into the history. */
async function unitOf(q: Queryable, unitId: number): Promise<string> {
  const u = (await q.query<{ name: string; kind: string; active: boolean }>('select name, kind, active from units where id = $1', [unitId])).rows[0];
  if (!u || !u.active || !PLACE_UNIT_KINDS.includes(u.kind)) {
    throw new AppError('unknown_unit', `Unit ${unitId} does not exist, is inactive or is not a grid, community or street.`, { field: 'unitId', unitId }, '所选单位不存在、已停用，或不是网格、社区、街乡。');
  }
  return u.name;
}

async function check(q: Queryable, p: PlaceFields, selfId: number | null): Promise<string> {
  // retiring is always allowed, even when the place's unit has since been closed
  if (!p.active) return (await q.query<{ name: string }>('select name from units where id = $1', [p.unitId])).rows[0]?.name ?? '';
  const unitName = await unitOf(q, p.unitId);
  // the point must fall inside the city's polygons, not merely its box: a swapped lon/lat or a typo lands outside
  if (!(await locatePoint(q, p.lon, p.lat))) {
    throw new AppError('outside_city', `The point ${p.lon}, ${p.lat} lies outside every district of the city.`, { field: 'lon', lon: p.lon, lat: p.lat }, '坐标不在本市辖区范围内，请检查经纬度。');
  }
  if (p.active) {
    const dup = await q.query('select 1 from gazetteer where active and unit_id = $1 and name = $2 and id is distinct from $3', [p.unitId, p.name, selfId]);
    if (dup.rows.length) throw new AppError('duplicate_name', `A place named ${p.name} already lies in this unit.`, { field: 'name', name: p.name }, `该单位内已有名为“${p.name}”的地名。`);
  }
  return unitName;
}

const cleanAliases = (a: string[], n: string) => [...new Set(a.map((x) => x.trim()).filter((x) => x && x !== n))];
const recordOf = (p: PlaceFields, unitName: string) => ({ name: p.name, kind: p.kind, aliases: p.aliases, unitId: p.unitId, unitName, lon: p.lon, lat: p.lat, active: p.active });

/** Serialised per gazetteer (one advisory lock), so two administrators cannot both add the same name to a unit. */
const LOCK = `select pg_advisory_xact_lock(hashtext('routing:gazetteer'))`;

export async function createPlace(db: Db, input: z.infer<typeof PlaceCreate>, audit: AdminAudit): Promise<number> {
  const p: PlaceFields = { ...input, aliases: cleanAliases(input.aliases, input.name), active: true };
  const id = await db.transaction(async (tx) => {
    await tx.query(LOCK);
    const unitName = await check(tx, p, null);
    const r = await tx.query<{ id: number }>('insert into gazetteer(name, kind, aliases, unit_id, lon, lat) values ($1, $2, $3, $4, $5, $6) returning id', [p.name, p.kind, p.aliases, p.unitId, p.lon, p.lat]);
    const placeId = r.rows[0].id;
    await recordGeoChange(tx, { kind: 'place', subjectId: placeId, at: audit.at, actorId: audit.actorId, action: 'created', after: recordOf(p, unitName) });
    return placeId;
  });
  await invalidateGazetteerIndex(db);
  return id;
}

export async function updatePlace(db: Db, id: number, input: z.infer<typeof PlacePatch>, audit: AdminAudit): Promise<void> {
  const changed = await db.transaction(async (tx) => {
    await tx.query(LOCK);
    const row = (await tx.query<PlaceDbRow>('select * from gazetteer where id = $1 for update', [id])).rows[0];
    if (!row) throw notFound('place', id);
    if (row.version !== input.version) {
      throw new AppError('version_conflict', `Place ${id} changed since you loaded it (version ${input.version}, now ${row.version}).`, { expected: input.version, actual: row.version }, '该地名已被他人修改，请刷新后重试。');
    }
    const old: PlaceFields = { name: row.name, kind: row.kind, aliases: row.aliases ?? [], unitId: row.unit_id ?? 0, lon: row.lon, lat: row.lat, active: row.active };
    const n = input.name ?? old.name;
    const next: PlaceFields = { ...old, ...strip(input), name: n, aliases: cleanAliases(input.aliases ?? old.aliases, n) };
    const oldUnitName = row.unit_id === null ? null : ((await tx.query<{ name: string }>('select name from units where id = $1', [row.unit_id])).rows[0]?.name ?? null);
    const unitName = await check(tx, next, id);
    const d = diff({ ...recordOf(old, oldUnitName ?? ''), unitName: oldUnitName }, recordOf(next, unitName));
    if (!d) return false;
    await tx.query('update gazetteer set name = $2, kind = $3, aliases = $4, unit_id = $5, lon = $6, lat = $7, active = $8, version = version + 1 where id = $1', [
      id, next.name, next.kind, next.aliases, next.unitId, next.lon, next.lat, next.active,
    ]);
    const action = next.active === old.active ? 'updated' : next.active ? 'restored' : 'retired';
    await recordGeoChange(tx, { kind: 'place', subjectId: id, at: audit.at, actorId: audit.actorId, action, ...d });
    return true;
  });
  if (changed) await invalidateGazetteerIndex(db);
}

function strip(input: z.infer<typeof PlacePatch>): Partial<PlaceFields> {
  const out: Partial<PlaceFields> = {};
  for (const k of ['kind', 'unitId', 'lon', 'lat', 'active'] as const) if (input[k] !== undefined) (out as Record<string, unknown>)[k] = input[k];
  return out;
}
