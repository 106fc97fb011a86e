import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { notify } from '../../src/server/modules/notifications/notify.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('notify', () => {
  it('tells each active staff user of the named units once, in the caller transaction', async () => {
    const unit = (await t.db.query<{ unit_id: number }>(
      `select ur.unit_id from user_roles ur join users u on u.id = ur.user_id where u.kind = 'staff' and ur.unit_id is not null group by ur.unit_id limit 1`,
    )).rows[0].unit_id;
    const holders = (await t.db.query<{ id: number }>(
      `select distinct u.id from users u join user_roles ur on ur.user_id = u.id where u.active and u.kind = 'staff' and ur.unit_id = $1`,
      [unit],
    )).rows.map((r) => r.id).sort();
    const told = await t.db.transaction((tx) =>
      notify(tx, t, { kind: 'test.ping', subjectKind: 'work_order', subjectId: 1, unitIds: [unit, unit], title: { zh: '测试', en: 'Test' } }),
    );
    expect(told).toBe(holders.length);
    const rows = (await t.db.query<{ user_id: number }>(`select user_id from notifications where kind = 'test.ping' order by user_id`)).rows;
    expect(rows.map((r) => r.user_id)).toEqual(holders);
  });

  it('writes nothing when the transaction rolls back', async () => {
    const unit = (await t.db.query<{ unit_id: number }>(`select unit_id from user_roles where unit_id is not null limit 1`)).rows[0].unit_id;
    await expect(
      t.db.transaction(async (tx) => {
        await notify(tx, t, { kind: 'test.rollback', subjectKind: 'whistle', subjectId: 2, unitIds: [unit], title: { zh: '回滚', en: 'Rollback' } });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const n = (await t.db.query<{ n: number }>(`select count(*)::int as n from notifications where kind = 'test.rollback'`)).rows[0].n;
    expect(n).toBe(0);
  });
});
