import fs from 'node:fs';
import type { Db, Queryable } from '../client.ts';
import { hashPassword as defaultHash, randomPassword } from '../../lib/password.ts';
import type { PolygonalGeometry, Position } from './geo.ts';

/**
 * The 东城区 demo city: real streets and communities of Beijing's Dongcheng district with generated
 * polygons, its departments and utilities, and one demo account per role. Data lives in
 * seed/demo-city/ (see SOURCES.md there); scripts/generate-demo-city.ts rebuilds units.json.
 */

export type UnitKind =
  | 'city' | 'district' | 'street' | 'township' | 'community' | 'grid' | 'department' | 'enterprise' | 'hotline_centre';

export interface DemoUnit {
  code: string;
  name: string;
  name_en?: string;
  kind: UnitKind;
  parent_code: string | null;
  tier?: string;
  population?: number;
  area_km2?: number;
  geometry?: PolygonalGeometry;
  centroid?: Position;
}

export interface DemoAccount {
  username: string;
  display_name: string;
  kind?: 'staff' | 'citizen';
  roles: { role: string; unit_code: string | null }[];
}

export interface SeedResult {
  units: number;
  users: number;
  accounts: { username: string; password: string; roles: string[] }[];
}

export const DEMO_DISTRICT_CODE = '110101';

const seedFile = (name: string) => new URL(`../../../../seed/demo-city/${name}`, import.meta.url);

export function loadDemoCityUnits(): DemoUnit[] {
  return JSON.parse(fs.readFileSync(seedFile('units.json'), 'utf8')) as DemoUnit[];
}

export function loadDemoCityAccounts(): DemoAccount[] {
  return JSON.parse(fs.readFileSync(seedFile('accounts.json'), 'utf8')) as DemoAccount[];
}

const count = async (q: Queryable, sql: string, params: unknown[]) =>
  Number((await q.query<{ n: number }>(sql, params)).rows[0]?.n ?? 0);

/**
 * Inserts the demo city once. Idempotent on the district code: when 东城区 already exists nothing is
 * written and the counts of demo units and users already present are returned, with no passwords.
 * Units or usernames that exist for other reasons (a city row from another seed, an 'admin' made
 * by hand) are kept as they are, and no roles are granted to a user this call did not create.
 */
export async function seedDemoCity(
  db: Db,
  opts: {
    hashPassword?: (p: string) => Promise<string>;
    /**
     * Known passwords, for test databases only. Without it every demo account gets a random
     * password that the caller prints once: a published demo password would open every install.
     */
    passwordFor?: (username: string) => string;
  } = {},
): Promise<SeedResult> {
  const units = loadDemoCityUnits();
  const passwordFor = opts.passwordFor ?? (() => randomPassword());
  const accounts = loadDemoCityAccounts().map((a) => ({ ...a, password: passwordFor(a.username) }));
  const codes = units.map((u) => u.code);
  const usernames = accounts.map((a) => a.username);
  const existing = async (q: Queryable) => ({
    units: await count(q, 'select count(*)::int as n from units where code = any($1::text[])', [codes]),
    users: await count(q, 'select count(*)::int as n from users where username = any($1::text[])', [usernames]),
    accounts: [],
  });
  if (await count(db, 'select count(*)::int as n from units where code = $1', [DEMO_DISTRICT_CODE])) return existing(db);

  // scrypt is deliberately slow; hash before opening the transaction so it holds no locks meanwhile
  const hash = opts.hashPassword ?? defaultHash;
  const hashes = await Promise.all(accounts.map((a) => hash(a.password)));

  return db.transaction(async (tx) => {
    // a concurrent first start may have won the race while we were hashing
    if (await count(tx, 'select count(*)::int as n from units where code = $1', [DEMO_DISTRICT_CODE])) return existing(tx);
    const rows = units.map((u) => ({
      ...u,
      geometry: u.geometry ?? null,
      centroid_lon: u.centroid?.[0] ?? null,
      centroid_lat: u.centroid?.[1] ?? null,
    }));
    // path is not null: insert a placeholder and derive the real one below once ids exist
    const inserted = await tx.query<{ id: number }>(
      `insert into units (code, name, name_en, kind, tier, population, area_km2, geometry, centroid_lon, centroid_lat, path)
       select r.code, r.name, r.name_en, r.kind, r.tier, r.population, r.area_km2, r.geometry, r.centroid_lon, r.centroid_lat, ''
         from jsonb_to_recordset($1::jsonb) as r(code text, name text, name_en text, kind text, tier text,
              population int, area_km2 double precision, geometry jsonb, centroid_lon double precision,
              centroid_lat double precision, ord bigint)
        order by r.ord
       on conflict (code) do nothing
       returning id`,
      [JSON.stringify(rows.map((r, i) => ({ ...r, ord: i + 1 })))],
    );
    await tx.query(
      `update units u set parent_id = p.id
         from jsonb_to_recordset($1::jsonb) as r(code text, parent_code text)
         join units p on p.code = r.parent_code
        where u.code = r.code and u.path = ''`,
      [JSON.stringify(units.map((u) => ({ code: u.code, parent_code: u.parent_code })))],
    );
    // walk down from every root so rows whose parent pre-existed still get a correct path
    await tx.query(
      `with recursive t(id, path, district_id) as (
         select id, '/' || id || '/', case when kind = 'district' then id end from units where parent_id is null
         union all
         select u.id, t.path || u.id || '/', coalesce(t.district_id, case when u.kind = 'district' then u.id end)
           from units u join t on u.parent_id = t.id
       )
       update units set path = t.path, district_id = t.district_id from t where units.id = t.id and units.path = ''`,
    );

    const users = await tx.query<{ id: number; username: string }>(
      `insert into users (username, display_name, password_hash, kind)
       select r.username, r.display_name, r.password_hash, r.kind
         from jsonb_to_recordset($1::jsonb) as r(username text, display_name text, password_hash text,
              kind text, ord bigint)
        order by r.ord
       on conflict (username) do nothing
       returning id, username`,
      [JSON.stringify(accounts.map((a, i) => ({ ...a, kind: a.kind ?? 'staff', password_hash: hashes[i], ord: i + 1 })))],
    );
    const created = new Set(users.rows.map((u) => u.username));
    const grants = accounts
      .filter((a) => created.has(a.username))
      .flatMap((a) => a.roles.map((r) => ({ username: a.username, role: r.role, unit_code: r.unit_code })));
    await tx.query(
      `insert into user_roles (user_id, role, unit_id)
       select u.id, r.role, un.id
         from jsonb_to_recordset($1::jsonb) as r(username text, role text, unit_code text)
         join users u on u.username = r.username
         left join units un on un.code = r.unit_code
        where r.unit_code is null or un.id is not null
       on conflict do nothing`,
      [JSON.stringify(grants)],
    );

    return {
      units: inserted.rows.length,
      users: users.rows.length,
      accounts: accounts
        .filter((a) => created.has(a.username))
        .map((a) => ({ username: a.username, password: a.password, roles: a.roles.map((r) => r.role) })),
    };
  });
}
