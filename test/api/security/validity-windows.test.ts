import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-app.ts';
import { expectError } from '../../support/factories.ts';
import { BEIJING_DEFAULT_RULES } from '../../../src/server/modules/deadlines/sla.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const DAY = 86_400_000;
const policy = (name: string, validFrom: unknown) =>
  t.post('/api/sla-policies', { name, validFrom, rehandling: { amount: 5, unit: 'working_days' }, rules: BEIJING_DEFAULT_RULES }, 'admin');
const policies = async () =>
  (await t.db.query<{ version: number; valid_from: Date; valid_to: Date | null }>('select version, valid_from, valid_to from sla_policies order by version')).rows;

describe('SLA policy versions never overlap', () => {
  it('a version back-dated before the one in force is refused, null or a rolled-over date is not a date; a later one supersedes it', async () => {
    const before = await policies();
    const inForce = before.find((p) => !p.valid_to)!;
    expectError(await policy('back-dated', new Date(inForce.valid_from.getTime() - DAY).toISOString()), 409, 'validity_overlap');
    expectError(await policy('null', null), 400, 'validation_failed');
    expectError(await policy('rolled over', '2026-02-30T00:00:00+08:00'), 400, 'validation_failed');
    expectError(await policy('same start', inForce.valid_from.toISOString()), 409, 'validity_overlap');
    expect(await policies()).toEqual(before);
    const next = await policy('next', new Date(t.now().getTime() + DAY).toISOString());
    expect(next.status).toBe(201);
    const after = await policies();
    expect(after.filter((p) => !p.valid_to)).toHaveLength(1);
    // every moment is covered by at most one version
    for (const a of after) for (const b of after) if (a !== b) expect(a.valid_from < (b.valid_to ?? new Date(8.64e15)) && b.valid_from < (a.valid_to ?? new Date(8.64e15))).toBe(false);
  });
});

describe('dispatch rules with the same conditions and priority may not overlap', () => {
  const rule = (over: Record<string, unknown>) => t.post('/api/dispatch-rules', { name: 'r', categoryCode: '09.08', target: 'territorial', priority: 777, ...over }, 'admin');

  it('refuses a second rule whose window overlaps, accepts one that starts when the first ends', async () => {
    const now = t.now().getTime();
    const first = await rule({ validFrom: new Date(now + DAY).toISOString(), validTo: new Date(now + 10 * DAY).toISOString() });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const clash = await rule({ validFrom: new Date(now + 5 * DAY).toISOString() });
    expectError(clash, 409, 'validity_overlap');
    expect(clash.body.details.ruleId).toBe(first.body.id);
    expect((await rule({ validFrom: new Date(now + 10 * DAY).toISOString() })).status).toBe(201);
    // another priority is a deliberate ranking, not an ambiguity
    expect((await rule({ priority: 778, validFrom: new Date(now + 5 * DAY).toISOString() })).status).toBe(201);
  });
});
