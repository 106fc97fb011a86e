import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, expectError } from '../support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const patch = (path: string, body: unknown, as = 'admin') => t.call('PATCH', path, body, as);
const grantsOf = async (username: string) =>
  (await t.db.query<{ g: string }>(`select r.role || '@' || coalesce(u.code, '') as g from user_roles r join users s on s.id = r.user_id left join units u on u.id = r.unit_id where s.username = $1 order by 1`, [username])).rows.map((r) => r.g);

describe('each role held in its own unit (issue 11)', () => {
  it('a street’s staff member becomes the grid member of a grid in it too, and the history names both units', async () => {
    const street = await t.unitId(DEMO.streets.donghuamen);
    const grid = await t.unitId(DEMO.grid);
    expect(await grantsOf('donghuamen')).toEqual([`street_staff@${DEMO.streets.donghuamen}`]);
    const v = (await t.get('/api/users/donghuamen', 'admin')).body.version;
    const r = await patch('/api/users/donghuamen', { version: v, grants: [{ role: 'street_staff', unitId: street }, { role: 'grid_member', unitId: grid }] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(await grantsOf('donghuamen')).toEqual([`grid_member@${DEMO.grid}`, `street_staff@${DEMO.streets.donghuamen}`]);
    const h = (await t.get('/api/users/donghuamen/history', 'admin')).body.items[0];
    expect(h.action).toBe('updated');
    expect(h.before.grants).toEqual([{ role: 'street_staff', unitId: street, unitName: '东华门街道' }]);
    expect(h.after.grants).toEqual([
      { role: 'grid_member', unitId: grid, unitName: '多福巷社区第1网格' },
      { role: 'street_staff', unitId: street, unitName: '东华门街道' },
    ]);
  });

  it('refuses a role in a kind of unit that does not hold it, on edit and on creation, and changes nothing', async () => {
    const street = await t.unitId(DEMO.streets.donghuamen);
    const grid = await t.unitId(DEMO.grid);
    const before = await grantsOf('donghuamen');
    const v = (await t.get('/api/users/donghuamen', 'admin')).body.version;
    // a grid member is held in a grid, a street's staff in a street or township
    for (const grants of [[{ role: 'grid_member', unitId: street }], [{ role: 'street_staff', unitId: grid }], [{ role: 'street_staff', unitId: street }, { role: 'dispatcher', unitId: street }]]) {
      const r = await patch('/api/users/donghuamen', { version: v, grants });
      expectError(r, 400, 'validation_failed');
      expect(r.body.details.field).toBe('grants.unitId');
    }
    expect(await grantsOf('donghuamen')).toEqual(before);

    const bad = await t.post('/api/users', { username: 'e2e-two-units-bad', displayName: '两单位', roles: [{ role: 'street_staff', unitCode: DEMO.streets.donghuamen }, { role: 'grid_member', unitCode: DEMO.streets.donghuamen }] }, 'admin');
    expectError(bad, 400, 'validation_failed');
    expect((await t.db.query(`select 1 from users where username = 'e2e-two-units-bad'`)).rows).toEqual([]);
    const ok = await t.post('/api/users', { username: 'e2e-two-units', displayName: '两单位', roles: [{ role: 'street_staff', unitCode: DEMO.streets.donghuamen }, { role: 'grid_member', unitCode: DEMO.grid }] }, 'admin');
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(await grantsOf('e2e-two-units')).toEqual([`grid_member@${DEMO.grid}`, `street_staff@${DEMO.streets.donghuamen}`]);
  });

  it('a non-administrator cannot change anyone’s grants', async () => {
    const before = await grantsOf('hepingli');
    const v = (await t.get('/api/users/hepingli', 'admin')).body.version;
    expectError(await patch('/api/users/hepingli', { version: v, grants: [{ role: 'admin', unitId: null }] }, 'hepingli'), 403, 'forbidden');
    expect(await grantsOf('hepingli')).toEqual(before);
  });
});
