import type { Actor, Role, RoleGrant } from '../../lib/ctx.ts';
import type { SummonsStatus, WhistleRow } from './whistle-tables.ts';

/**
 * The whistle's life as one declarative table, like the work order's: every change goes through
 * `transitionWhistle()` with one of these actions, and the console draws its buttons from
 * `allowedWhistleActions`.
 */
export type WhistleStatus = WhistleRow['status'];

/**
 * Whose unit a grant must be for: the whistle's street (or a community in it), a summoned unit, a rated unit, the district;
 * 'stationed': the street, for a department whose stationed staff it dispatched (they report in as that department).
 */
export type WhistleScopeKind = 'street' | 'summoned' | 'rated' | 'district' | 'stationed';
export type WhistleWho = { role: Role; scope: WhistleScopeKind };

export type WhistleGuard = 'ownSummonsPending' | 'ownSummonsReported' | 'allSettled' | 'hasOutstanding';

type Def = { from: WhistleStatus[]; to: WhistleStatus | 'same'; who: WhistleWho[]; guards?: WhistleGuard[] };

const LIVE: WhistleStatus[] = ['open', 'escalated'];
const street: WhistleWho[] = [{ role: 'street_staff', scope: 'street' }];
const district: WhistleWho[] = [{ role: 'district_supervisor', scope: 'district' }];
// Departments and enterprises report in through their staff; for 攻坚哨 a district leader reports in like a department.
const summoned: WhistleWho[] = [
  ...(['department_staff', 'district_supervisor', 'street_staff'] as Role[]).map((role) => ({ role, scope: 'summoned' as const })),
  { role: 'street_staff', scope: 'stationed' },
];

export const WHISTLE_WORKFLOW = {
  report_in: { from: LIVE, to: 'same', who: summoned, guards: ['ownSummonsPending'] },
  record_action: { from: LIVE, to: 'same', who: summoned, guards: ['ownSummonsReported'] },
  release: { from: LIVE, to: 'same', who: [...street, ...district], guards: ['hasOutstanding'] },
  summon: { from: LIVE, to: 'same', who: [...street, ...district] },
  escalate: { from: ['open'], to: 'escalated', who: street },
  close: { from: LIVE, to: 'closed', who: [...street, ...district], guards: ['allSettled'] },
  rate: { from: ['closed'], to: 'same', who: street },
  contest_rating: { from: ['closed'], to: 'same', who: [{ role: 'department_staff', scope: 'rated' }, { role: 'district_supervisor', scope: 'rated' }] },
  decide_rating: { from: ['closed'], to: 'same', who: district },
} satisfies Record<string, Def>;

export type WhistleAction = keyof typeof WHISTLE_WORKFLOW;
export const WHISTLE_ACTIONS = Object.keys(WHISTLE_WORKFLOW) as WhistleAction[];

/** What the rules need to know of a whistle. */
export type WhistleFacts = {
  status: WhistleStatus;
  streetId: number;
  districtId: number | null;
  summons: { unitId: number; status: SummonsStatus; stationed: boolean }[];
  ratedUnitIds: number[];
};

const SETTLED: SummonsStatus[] = ['acted', 'released'];

/** A guard looks at the summons the grant answers for: its own unit's, or (stationed scope) the dispatched departments'. */
const GUARDS: Record<WhistleGuard, (w: WhistleFacts, mine: (s: WhistleFacts['summons'][number]) => boolean) => boolean> = {
  ownSummonsPending: (w, mine) => w.summons.some((s) => mine(s) && s.status === 'pending'),
  ownSummonsReported: (w, mine) => w.summons.some((s) => mine(s) && (s.status === 'reported' || s.status === 'acted')),
  // 事不完、人不撤: nobody leaves until they have acted or been released
  allSettled: (w) => w.summons.every((s) => SETTLED.includes(s.status)),
  hasOutstanding: (w) => w.summons.some((s) => !SETTLED.includes(s.status)),
};

function covers(g: RoleGrant, scope: WhistleScopeKind, w: WhistleFacts): boolean {
  if (g.unitId === null) return false;
  switch (scope) {
    case 'street':
      // a community blows and follows up through its street
      return g.unitId === w.streetId || !!g.unitPath?.includes(`/${w.streetId}/`);
    case 'summoned':
      return w.summons.some((s) => s.unitId === g.unitId);
    case 'stationed':
      return covers(g, 'street', w) && w.summons.some((s) => s.stationed);
    case 'rated':
      return w.ratedUnitIds.includes(g.unitId);
    case 'district':
      return g.unitId === w.districtId;
  }
}

/** `onBehalf`: the street acts for a department whose stationed staff it dispatched. */
export type WhistleDecision = { ok: true; grant: RoleGrant; onBehalf?: boolean } | { ok: false; reason: 'forbidden' | 'invalid_transition'; failedGuard?: WhistleGuard };

/** Role and scope first, then status, then guards; the first grant that passes all of them acts. */
export function decideWhistle(action: WhistleAction, w: WhistleFacts, actor: Actor | null): WhistleDecision {
  const def: Def = WHISTLE_WORKFLOW[action];
  const grants = (actor?.grants ?? []).flatMap((g) => def.who.filter((x) => x.role === g.role && covers(g, x.scope, w)).map((x) => ({ g, scope: x.scope })));
  if (!grants.length) return { ok: false, reason: 'forbidden' };
  if (!def.from.includes(w.status)) return { ok: false, reason: 'invalid_transition' };
  let failedGuard: WhistleGuard | undefined;
  for (const { g, scope } of grants) {
    const mine = scope === 'stationed' ? (s: WhistleFacts['summons'][number]) => s.stationed : (s: WhistleFacts['summons'][number]) => s.unitId === g.unitId;
    failedGuard = def.guards?.find((name) => !GUARDS[name](w, mine));
    if (!failedGuard) return { ok: true, grant: g, onBehalf: scope === 'stationed' };
  }
  return { ok: false, reason: 'invalid_transition', failedGuard };
}

export function allowedWhistleActions(w: WhistleFacts, actor: Actor | null): WhistleAction[] {
  return WHISTLE_ACTIONS.filter((a) => decideWhistle(a, w, actor).ok);
}

/** Actions the actor could take but for a guard (closing before everyone is done): shown, then refused with the reason. */
export function blockedWhistleActions(w: WhistleFacts, actor: Actor | null): { action: WhistleAction; guard: WhistleGuard }[] {
  return WHISTLE_ACTIONS.flatMap((a) => {
    const d = decideWhistle(a, w, actor);
    return !d.ok && d.failedGuard && a === 'close' ? [{ action: a, guard: d.failedGuard }] : [];
  });
}

export function whistleTargetAllowed(action: WhistleAction, from: WhistleStatus, to: WhistleStatus): boolean {
  const def: Def = WHISTLE_WORKFLOW[action];
  return def.to === 'same' ? to === from : def.to === to;
}

export const WHISTLE_EVENT_TYPES: Record<WhistleAction, string> = {
  report_in: 'whistle.reported_in',
  record_action: 'whistle.action_recorded',
  release: 'whistle.unit_released',
  summon: 'whistle.unit_summoned',
  escalate: 'whistle.escalated',
  close: 'whistle.closed',
  rate: 'whistle.rated',
  contest_rating: 'whistle.rating_contested',
  decide_rating: 'whistle.rating_decided',
};

export const WHISTLE_ACTION_ZH: Record<WhistleAction, string> = {
  report_in: '报到',
  record_action: '记录处置',
  release: '解除召集',
  summon: '追加召集',
  escalate: '提级至区',
  close: '结哨',
  rate: '评价',
  contest_rating: '申诉评价',
  decide_rating: '裁定申诉',
};
