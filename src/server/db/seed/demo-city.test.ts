import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyTestDb, type TestDb } from '../../../../test/support/test-db.ts';
import { verifyPassword } from '../../lib/password.ts';
import { loadDemoCityAccounts, loadDemoCityUnits, seedDemoCity, type SeedResult } from './demo-city.ts';
import { pointInGeometry, polygonsOf, ringProblem, type PolygonalGeometry } from './geo.ts';

const MIGRATION = fs.readFileSync(new URL('../migrations/0001_org.sql', import.meta.url), 'utf8');
const ROLES = ['intake_agent', 'dispatcher', 'callback_agent', 'hotline_supervisor', 'street_staff',
  'department_staff', 'district_supervisor', 'grid_member', 'admin', 'citizen'];

async function freshDb(): Promise<TestDb> {
  const db = await createEmptyTestDb();
  await db.exec(MIGRATION);
  return db;
}

interface UnitRow {
  id: number; code: string; kind: string; parent_id: number | null; path: string; district_id: number | null;
  geometry: PolygonalGeometry | null; centroid_lon: number | null; centroid_lat: number | null;
}

describe('seedDemoCity', () => {
  let db: TestDb;
  let first: SeedResult;
  let units: UnitRow[];
  const byId = new Map<number, UnitRow>();

  beforeAll(async () => {
    db = await freshDb();
    const t0 = Date.now();
    first = await seedDemoCity(db); // the real scrypt hash, so the verify test below is end to end
    console.log(`seeded ${first.units} units and ${first.users} users in ${Date.now() - t0} ms`);
    units = (await db.query<UnitRow>('select * from units order by id')).rows;
    for (const u of units) byId.set(u.id, u);
  }, 60_000);
  afterAll(() => db?.drop());

  it('inserts every unit and account of the seed files', () => {
    expect(first.units).toBe(loadDemoCityUnits().length);
    expect(first.users).toBe(loadDemoCityAccounts().length);
    expect(first.accounts.map((a) => a.username).sort()).toEqual(loadDemoCityAccounts().map((a) => a.username).sort());
  });

  it('has the expected size of city', () => {
    const n = (k: string) => units.filter((u) => u.kind === k).length;
    expect(n('city')).toBe(1);
    expect(n('district')).toBe(1);
    expect(n('hotline_centre')).toBe(1);
    expect(n('street')).toBeGreaterThanOrEqual(8);
    expect(n('community')).toBeGreaterThanOrEqual(40);
    expect(n('grid')).toBeGreaterThanOrEqual(200);
    expect(n('department') + n('enterprise')).toBeGreaterThanOrEqual(20);
    expect(n('enterprise')).toBeGreaterThanOrEqual(5);
  });

  it('gives every role at least one account, in a unit of the right kind', async () => {
    const { rows } = await db.query<{ role: string; kind: string | null }>(
      `select r.role, un.kind from user_roles r left join units un on un.id = r.unit_id`);
    expect(new Set(rows.map((r) => r.role))).toEqual(new Set(ROLES));
    const kindOf: Record<string, string[]> = {
      intake_agent: ['hotline_centre'], dispatcher: ['hotline_centre'], callback_agent: ['hotline_centre'],
      hotline_supervisor: ['hotline_centre'], street_staff: ['street'], department_staff: ['department', 'enterprise'],
      district_supervisor: ['district'], grid_member: ['grid'], admin: ['city'],
    };
    for (const r of rows) {
      if (r.role === 'citizen') expect(r.kind).toBeNull();
      else expect(kindOf[r.role]).toContain(r.kind);
    }
    expect(rows.filter((r) => r.role === 'street_staff').length).toBeGreaterThanOrEqual(3);
    expect(rows.filter((r) => r.role === 'department_staff').length).toBeGreaterThanOrEqual(4);
  });

  it('keeps paths, parents and district ids consistent', () => {
    const district = units.find((u) => u.kind === 'district')!;
    for (const u of units) {
      const parent = u.parent_id === null ? undefined : byId.get(u.parent_id);
      expect(u.path).toBe(`${parent ? parent.path : '/'}${u.id}/`);
      const under = u.path.startsWith(district.path);
      expect(u.district_id).toBe(under ? district.id : null);
    }
    expect(units.filter((u) => u.parent_id === null).map((u) => u.kind)).toEqual(['city']);
  });

  it('nests codes: 9-digit streets, 12-digit communities, 15-digit grids', () => {
    for (const u of units) {
      const parent = u.parent_id === null ? undefined : byId.get(u.parent_id);
      const digits = { street: 9, community: 12, grid: 15 }[u.kind as 'street'];
      if (!digits) continue;
      expect(u.code).toMatch(new RegExp(`^\\d{${digits}}$`));
      expect(u.code.startsWith(parent!.code)).toBe(true);
    }
  });

  it('places every centroid inside its own polygon and inside its parent polygon', () => {
    let checked = 0;
    for (const u of units) {
      if (u.centroid_lon === null || u.centroid_lat === null) continue;
      const c: [number, number] = [u.centroid_lon, u.centroid_lat];
      if (u.geometry) expect(pointInGeometry(c, u.geometry), u.code).toBe(true);
      const parent = u.parent_id === null ? undefined : byId.get(u.parent_id);
      if (parent?.geometry) {
        expect(pointInGeometry(c, parent.geometry), u.code).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('stores only valid polygon rings', () => {
    for (const u of units)
      for (const p of u.geometry ? polygonsOf(u.geometry) : [])
        for (const ring of p) expect(ringProblem(ring), u.code).toBeNull();
  });

  it('hashes passwords so that the demo passwords verify', async () => {
    const { rows } = await db.query<{ username: string; password_hash: string }>('select username, password_hash from users');
    const hashOf = new Map(rows.map((r) => [r.username, r.password_hash]));
    for (const a of first.accounts) {
      expect(hashOf.get(a.username)).toMatch(/^scrypt\$16384\$8\$1\$/);
      expect(await verifyPassword(a.password, hashOf.get(a.username)!)).toBe(true);
    }
    expect(await verifyPassword('wrong', hashOf.get('admin')!)).toBe(false);
  }, 30_000);

  it('is idempotent: a second call inserts nothing and reports what is there', async () => {
    const again = await seedDemoCity(db, { hashPassword: async () => 'unused' });
    expect(again).toEqual({ units: first.units, users: first.users, accounts: [] });
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from units');
    expect(rows[0].n).toBe(units.length);
  });
});

describe('seedDemoCity next to existing data', () => {
  it('keeps a pre-existing city row and admin user, and grants the admin nothing', async () => {
    const db = await freshDb();
    await db.query(`insert into units (code, name, kind, path) values ('110000', '北京市', 'city', '')`);
    await db.query(`update units set path = '/' || id || '/'`);
    await db.query(`insert into users (username, display_name, password_hash) values ('admin', 'Existing', 'x')`);
    const r = await seedDemoCity(db, { hashPassword: async (p) => `test$${p}` });
    expect(r.units).toBe(loadDemoCityUnits().length - 1);
    expect(r.accounts.map((a) => a.username)).not.toContain('admin');
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from user_roles r join users u on u.id = r.user_id where u.username = 'admin'`);
    expect(rows[0].n).toBe(0);
    const bad = await db.query(
      `select u.code from units u left join units p on p.id = u.parent_id
        where u.path <> coalesce(p.path, '/') || u.id || '/' or (u.code <> '110000' and u.parent_id is null)`);
    expect(bad.rows).toEqual([]);
    await db.drop();
  }, 30_000);
});
