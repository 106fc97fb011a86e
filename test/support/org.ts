import { hashPassword } from '../../src/server/lib/password.ts';
import type { TestApp } from './test-app.ts';

/** A unit under a parent, with its path and district worked out the way the seed does it. */
export async function addUnit(t: TestApp, code: string, name: string, kind: string, parentCode: string): Promise<number> {
  const r = await t.db.query<{ id: number }>(
    `insert into units (code, name, kind, parent_id, path, district_id)
     select $1, $2, $3, p.id, '', case when $3 = 'district' then null else p.district_id end from units p where p.code = $4
     returning id`,
    [code, name, kind, parentCode],
  );
  const id = r.rows[0].id;
  await t.db.query(
    `update units u set path = p.path || u.id || '/', district_id = coalesce(u.district_id, case when u.kind = 'district' then u.id end)
       from units p where p.id = u.parent_id and u.id = $1`,
    [id],
  );
  return id;
}

/**
 * A staff account with one role in a unit, signing in like the demo accounts (`demo-<name>-2026`,
 * which the password policy would refuse through the API, so it is written directly).
 */
export async function addStaff(t: TestApp, username: string, role: string, unitCode: string | null): Promise<void> {
  const hash = await hashPassword(`demo-${username}-2026`);
  const u = await t.db.query<{ id: number }>(`insert into users (username, display_name, password_hash) values ($1, $1, $2) returning id`, [username, hash]);
  await t.db.query('insert into user_roles (user_id, role, unit_id) values ($1, $2, (select id from units where code = $3))', [u.rows[0].id, role, unitCode]);
}
