/** The bench's data: open whistles with due report-in timers, shared by the sweep bench and its EXPLAIN companion. */
import { migrate } from '../src/server/db/migrate.ts';
import { seedReference } from '../src/server/db/seed/reference.ts';
import { seedDemoCity } from '../src/server/db/seed/demo-city.ts';
import type { Db } from '../src/server/db/client.ts';

export const T0 = new Date('2026-03-02T02:00:00Z');

/** N open emergency whistles, three summons each with a due timer 30 minutes on, written in bulk. */
export async function fillWhistles(db: Db, N: number): Promise<void> {
  await migrate(db);
  await seedReference(db);
  await seedDemoCity(db, { hashPassword: async (p) => `bench:${p}` });
  const streets = (await db.query<{ id: number; district_id: number }>(`select id, district_id from units where kind = 'street' order by id`)).rows;
  const depts = (await db.query<{ id: number }>(`select id from units where kind = 'department' order by id limit 12`)).rows.map((r) => r.id);
  await db.query(
    `insert into whistles(type, trigger, scope, scope_reason, title, description, on_site, street_id, district_id, policy_id, status, created_at, updated_at)
     select 'emergency', 'emergency', 'emergency', '应急处置', '基准测试哨 ' || g, '批量生成', true, s.id, s.district_id, 1, 'open', $1, $1
       from generate_series(1, $2) g join lateral (select * from jsonb_to_recordset($3::jsonb) as x(id int, district_id int) offset (g % $4) limit 1) s on true`,
    [T0, N, JSON.stringify(streets), streets.length],
  );
  await db.query(
    `insert into whistle_summons(whistle_id, unit_id, source, status, due_at, created_at)
     select w.id, ($2::int[])[1 + ((w.id * 3 + k) % array_length($2::int[], 1))], 'added', 'pending', $1::timestamptz + interval '30 minutes', $1
       from whistles w cross join generate_series(0, 2) k`,
    [T0, depts],
  );
  await db.query(
    `insert into deadlines(subject_kind, subject_id, stage, kind, fire_at) select 'report_in', id, 'report_in', 'due', due_at from whistle_summons`,
  );
  await db.exec('analyze');
}
