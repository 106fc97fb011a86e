import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { AppError } from '../../lib/errors.ts';
import { LEADER_POSTS, type LeaderPost, type LeaderReportInRow, type SummonsRow, type WhistleRow } from './whistle-tables.ts';

export const LEADER_POST_ZH: Record<LeaderPost, string> = { standing_committee: '挂包区委常委', deputy_head: '分管副区长' };

/** 双报到 applies to the district's own summons on a 攻坚哨: its leaders answer it, two posts of them. */
export async function needsDualReportIn(q: Queryable, w: WhistleRow, s: SummonsRow): Promise<boolean> {
  if (w.type !== 'hard_problem') return false;
  return (await q.query<{ kind: string }>('select kind from units where id = $1', [s.unit_id])).rows[0]?.kind === 'district';
}

export type LeaderReportIn = { complete: boolean; person: string; lateMinutes: number | null; reported: LeaderPost[]; outstanding: LeaderPost[] };

/**
 * One leader's 报到 on the district's summons. The summons counts as reported only when both
 * posts have: until then it stays pending (its deadline still runs and the sweep flags it late).
 * Reported, its person names both leaders and its lateness is the later one's.
 */
export async function leaderReportIn(tx: Queryable, ctx: Ctx, s: SummonsRow, post: LeaderPost | undefined, person: string, lateMinutes: number | null): Promise<LeaderReportIn> {
  if (!post) {
    throw new AppError('validation_failed', 'A 攻坚哨 needs both district leaders to report in (双报到): name which post is reporting in (leaderPost).',
      { field: 'leaderPost', allowed: LEADER_POSTS }, '攻坚哨实行挂包区委常委和分管副区长“双报到”：请选择报到的领导职务。');
  }
  const added = await tx.query(
    `insert into whistle_leader_report_ins(summons_id, post, person, reported_at, reported_by, late_minutes) values ($1, $2, $3, $4, $5, $6)
     on conflict do nothing returning 1`,
    [s.id, post, person, ctx.now(), ctx.actor && ctx.actor.userId > 0 ? ctx.actor.userId : null, lateMinutes],
  );
  if (!added.rows.length) throw new AppError('conflict', `The ${post} post has already reported in.`, { leaderPost: post }, `${LEADER_POST_ZH[post]}已报到。`);
  const rows = (await tx.query<LeaderReportInRow>('select * from whistle_leader_report_ins where summons_id = $1', [s.id])).rows;
  const of = (p: LeaderPost) => rows.find((r) => r.post === p);
  const late = rows.map((r) => r.late_minutes).filter((m): m is number => m !== null);
  return {
    complete: LEADER_POSTS.every((p) => of(p)),
    person: LEADER_POSTS.filter((p) => of(p)).map((p) => `${LEADER_POST_ZH[p]}：${of(p)!.person}`).join('；'),
    lateMinutes: late.length ? Math.max(...late) : null,
    reported: LEADER_POSTS.filter((p) => of(p)),
    outstanding: LEADER_POSTS.filter((p) => !of(p)),
  };
}
