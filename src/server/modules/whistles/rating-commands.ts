import type { Ctx } from '../../lib/ctx.ts';
import { AppError, forbidden } from '../../lib/errors.ts';
import { notifyMany } from '../notifications/notify-many.ts';
import { transitionWhistle } from './whistle-transition.ts';
import { whistleLink } from './summons-store.ts';
import type { WhistleActionInputs as In } from './whistle-schemas.ts';
import type { SummonsRow, WhistleRatingRow, WhistleRow } from './whistle-tables.ts';

const DAY = 86_400_000;

/** 一哨一考核: the street rates each unit that reported in, once; a unit never rates itself. */
export function rateUnit(ctx: Ctx, id: number, input: In['rate']): Promise<WhistleRow> {
  return transitionWhistle(ctx, id, 'rate', input.version, async (tx, w, facts, grant) => {
    if (input.unitId === grant.unitId) throw forbidden('A unit cannot rate itself.', '单位不能评价自己。', { unitId: input.unitId });
    const s = (await tx.query<SummonsRow>('select * from whistle_summons where whistle_id = $1 and unit_id = $2', [w.id, input.unitId])).rows[0];
    if (!s || !s.reported_at) throw new AppError('invalid_transition', `Unit ${input.unitId} did not report in to this whistle.`, { unitId: input.unitId, guard: 'reportedIn' }, '只能评价本哨已报到的单位。');
    if (facts.ratedUnitIds.includes(input.unitId)) throw new AppError('invalid_transition', 'This unit is already rated for this whistle.', { unitId: input.unitId, guard: 'notRated' }, '该单位本哨已评价。');
    const contestDays = (await tx.query<{ d: number }>('select contest_days as d from whistle_policies where id = $1', [w.policy_id])).rows[0].d;
    const now = ctx.now();
    await tx.query(
      `insert into whistle_ratings(whistle_id, unit_id, rater_unit_id, timeliness, attitude, effectiveness, comment, status, contest_due_at, created_by, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, 'given', $8, $9, $10)`,
      [w.id, input.unitId, grant.unitId, input.timeliness, input.attitude, input.effectiveness, input.comment, new Date(now.getTime() + contestDays * DAY), ctx.actor!.userId, now],
    );
    await notifyMany(tx, ctx, [{
      kind: 'whistle.rated', subjectKind: 'whistle', subjectId: w.id, unitIds: [input.unitId],
      title: { zh: `本单位在“${w.title}”中获评 ${input.timeliness}/${input.attitude}/${input.effectiveness}`, en: `Your unit was rated ${input.timeliness}/${input.attitude}/${input.effectiveness} for "${w.title}"` },
      body: input.comment ? { zh: input.comment, en: input.comment } : null,
      link: whistleLink(w.id), data: { whistleId: w.id, unitId: input.unitId },
    }]);
    return { unitId: input.unitId, data: { timeliness: input.timeliness, attitude: input.attitude, effectiveness: input.effectiveness, comment: input.comment } };
  });
}

async function ratingFor(tx: import('../../db/client.ts').Queryable, whistleId: number, unitId: number | null): Promise<WhistleRatingRow | undefined> {
  return (await tx.query<WhistleRatingRow>('select * from whistle_ratings where whistle_id = $1 and unit_id = $2 for update', [whistleId, unitId])).rows[0];
}

/** A rated unit may contest its own rating once, within the window of the whistle's policy. */
export function contestRating(ctx: Ctx, id: number, input: In['contest_rating']): Promise<WhistleRow> {
  return transitionWhistle(ctx, id, 'contest_rating', input.version, async (tx, w, _f, grant) => {
    if (input.unitId !== undefined && input.unitId !== grant.unitId) throw forbidden('A unit contests only its own rating.', '只能对本单位的评价提出申诉。');
    const r = (await ratingFor(tx, w.id, grant.unitId))!;
    if (r.status !== 'given') throw new AppError('invalid_transition', 'This rating was already contested.', { guard: 'notContested' }, '该评价已申诉过。');
    if (ctx.now() > r.contest_due_at) throw new AppError('invalid_transition', 'The window to contest this rating has passed.', { guard: 'contestWindow', until: r.contest_due_at }, '已超过申诉期限。');
    await tx.query(`update whistle_ratings set status = 'contested', contest_reason = $2, contested_by = $3, contested_at = $4 where id = $1`, [r.id, input.reason, ctx.actor!.userId, ctx.now()]);
    await notifyMany(tx, ctx, [
      ...(w.district_id ? [{ unitIds: [w.district_id], roles: ['district_supervisor' as const] }] : []),
      { unitIds: [w.street_id] },
    ].map((to) => ({
      ...to, kind: 'whistle.rating_contested', subjectKind: 'whistle', subjectId: w.id,
      title: { zh: `评价申诉：${w.title}`, en: `Rating contested: ${w.title}` }, body: { zh: input.reason, en: input.reason },
      link: whistleLink(w.id), data: { whistleId: w.id, unitId: r.unit_id },
    })));
    return { unitId: r.unit_id, reason: input.reason, data: { ratingId: r.id } };
  });
}

/** Only the district decides a contest: uphold the rating or revise it; the before and after are kept. */
export function decideRating(ctx: Ctx, id: number, input: In['decide_rating']): Promise<WhistleRow> {
  return transitionWhistle(ctx, id, 'decide_rating', input.version, async (tx, w) => {
    const r = await ratingFor(tx, w.id, input.unitId);
    if (!r || r.status !== 'contested') throw new AppError('invalid_transition', 'There is no contest pending for this unit.', { unitId: input.unitId, guard: 'contested' }, '该单位没有待裁定的申诉。');
    if (!input.uphold && !input.revised) throw new AppError('validation_failed', 'A revision needs the revised scores.', { field: 'revised' }, '改判须给出新的评分。');
    const before = { timeliness: r.timeliness, attitude: r.attitude, effectiveness: r.effectiveness };
    const after = input.uphold ? before : input.revised!;
    await tx.query(
      `update whistle_ratings set status = $2, original = $3, timeliness = $4, attitude = $5, effectiveness = $6, decision_note = $7, decided_by = $8, decided_at = $9 where id = $1`,
      [r.id, input.uphold ? 'upheld' : 'revised', JSON.stringify(before), after.timeliness, after.attitude, after.effectiveness, input.note, ctx.actor!.userId, ctx.now()],
    );
    await notifyMany(tx, ctx, [r.unit_id, w.street_id].map((u) => ({
      kind: 'whistle.rating_decided', subjectKind: 'whistle', subjectId: w.id, unitIds: [u],
      title: { zh: `申诉裁定（${input.uphold ? '维持' : '改判'}）：${w.title}`, en: `Contest decided (${input.uphold ? 'upheld' : 'revised'}): ${w.title}` },
      body: { zh: input.note, en: input.note }, link: whistleLink(w.id), data: { whistleId: w.id, unitId: r.unit_id },
    })));
    return { unitId: r.unit_id, reason: input.note, data: { ratingId: r.id, uphold: input.uphold, before, after } };
  });
}
