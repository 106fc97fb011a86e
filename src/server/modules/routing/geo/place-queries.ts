import { z } from '@hono/zod-openapi';
import type { Queryable } from '../../../db/client.ts';

export const AdminPlace = z
  .object({
    id: z.number(),
    name: z.string(),
    kind: z.enum(['road', 'building', 'place', 'community', 'poi']),
    aliases: z.array(z.string()),
    unitId: z.number().nullable(),
    unitName: z.string().nullable(),
    unitKind: z.string().nullable(),
    streetName: z.string().nullable(),
    lon: z.number(),
    lat: z.number(),
    active: z.boolean(),
    version: z.number(),
  })
  .openapi('AdminPlace');
export type AdminPlace = z.infer<typeof AdminPlace>;

// the street is the unit itself or the street/township among its ancestors (units.path is /id/id/…/)
const SELECT = `select g.id, g.name, g.kind, g.aliases, g.unit_id as "unitId", u.name as "unitName", u.kind as "unitKind",
       (select s.name from units s where s.kind in ('street', 'township') and u.path like s.path || '%' limit 1) as "streetName",
       g.lon, g.lat, g.active, g.version
  from gazetteer g left join units u on u.id = g.unit_id`;

export async function getPlace(q: Queryable, id: number): Promise<AdminPlace | null> {
  return (await q.query<AdminPlace>(`${SELECT} where g.id = $1`, [id])).rows[0] ?? null;
}

export type PlaceFilter = { q?: string; unitId?: number; state: 'active' | 'retired' | 'all'; page: number; pageSize: number };

/**
 * Places for the administration page: a fragment of the name or of an alias, under a unit (any
 * depth), active or retired; by name. Administrators see the whole city, so no further visibility.
 */
export async function listPlaces(q: Queryable, f: PlaceFilter): Promise<{ items: AdminPlace[]; total: number }> {
  const like = f.q ? `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = `where ($1::text is null or g.name like $1 or exists (select 1 from unnest(g.aliases) a where a like $1))
      and ($2::int is null or u.path like (select path from units where id = $2) || '%')
      and ($3 = 'all' or g.active = ($3 = 'active'))`;
  const args = [like, f.unitId ?? null, f.state];
  const [items, total] = await Promise.all([
    q.query<AdminPlace>(`${SELECT} ${where} order by g.name, g.id limit $4 offset $5`, [...args, f.pageSize, (f.page - 1) * f.pageSize]),
    q.query<{ n: number }>(`select count(*)::int as n from gazetteer g left join units u on u.id = g.unit_id ${where}`, args),
  ]);
  return { items: items.rows, total: total.rows[0].n };
}
