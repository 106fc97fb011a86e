import type { Actor, Role, RoleGrant } from '../../lib/ctx.ts';

/**
 * The 接诉即办 lifecycle as one declarative table. Every state change in the product goes through
 * `transition()` with one of these actions; the console renders its buttons from `allowedActions`.
 */
export const STATUSES = [
  'received', // 受理: recorded, awaiting a decision
  'answered', // 直接答复: an inquiry answered on the spot
  'not_dispatched', // 不予派单 (Art. 11)
  'dispatched', // 派单: waiting for the lead unit to sign
  'signed', // 签收: waiting for first contact
  'disputed', // 退单: the lead unit objects, the centre adjudicates
  'in_progress', // 办理: requester contacted, being handled
  'escalated', // 提级: handed up to the district
  'awaiting_callback', // 反馈 given, waiting for the callback
  'called_back', // 回访 recorded, waiting for close or re-handling
  'closed', // 办结
  'merged', // 并案: folded into another order
] as const;
export type Status = (typeof STATUSES)[number];

export const TERMINAL: Status[] = ['answered', 'not_dispatched', 'closed', 'merged'];
export const OPEN_STATUSES: Status[] = STATUSES.filter((s) => !TERMINAL.includes(s));

/**
 * Whose unit a grant must be for the action: the order's lead, a co-handler, its district, the
 * (citywide) centre, the grid it lies in, or, for a citizen, being the order's own requester.
 */
export type Scope = 'hotline' | 'lead' | 'co_handler' | 'district' | 'grid' | 'requester';
export type Who = { role: Role; scope: Scope };

export type GuardName =
  | 'noPendingExtension'
  | 'hasPendingExtension'
  | 'noPendingExclusion'
  | 'hasPendingExclusion'
  | 'notExcluded'
  | 'lastCallbackUnsatisfied'
  | 'verifiedWhenRequired';

export type ActionDef = {
  from: Status[];
  /** 'same' keeps the status; a list means the command picks one from its input. */
  to: Status | 'same' | Status[];
  who: Who[];
  guards?: GuardName[];
};

const HANDLERS: Role[] = ['street_staff', 'department_staff'];
// The district government leads what no one else owns (domain §3); its people then act as the lead unit.
const lead: Who[] = [...HANDLERS, 'district_supervisor' as const].map((role) => ({ role, scope: 'lead' as const }));
const hotline = (...roles: Role[]): Who[] => roles.map((role) => ({ role, scope: 'hotline' as const }));
// A requester answers the callback questions online and asks for re-handling in the portal.
const requester: Who = { role: 'citizen', scope: 'requester' };

export const WORKFLOW = {
  answer: { from: ['received'], to: 'answered', who: hotline('intake_agent', 'dispatcher') },
  decline: { from: ['received'], to: 'not_dispatched', who: hotline('intake_agent', 'dispatcher') },
  dispatch: { from: ['received'], to: 'dispatched', who: hotline('dispatcher') },
  merge: { from: ['received'], to: 'merged', who: hotline('intake_agent', 'dispatcher') },
  sign: { from: ['dispatched'], to: 'signed', who: lead },
  dispute: { from: ['dispatched', 'signed'], to: 'disputed', who: lead },
  adjudicate: {
    from: ['disputed'],
    to: ['dispatched', 'signed', 'disputed'],
    who: hotline('hotline_supervisor'),
  },
  contact: { from: ['signed'], to: 'in_progress', who: lead },
  request_extension: {
    from: ['signed', 'in_progress'],
    to: 'same',
    who: lead,
    guards: ['noPendingExtension'],
  },
  decide_extension: {
    from: ['signed', 'in_progress'],
    to: 'same',
    who: hotline('hotline_supervisor'),
    guards: ['hasPendingExtension'],
  },
  escalate: { from: ['signed', 'in_progress'], to: 'escalated', who: lead },
  reassign: {
    from: ['escalated'],
    to: 'dispatched',
    who: [{ role: 'district_supervisor', scope: 'district' }, ...hotline('hotline_supervisor')],
  },
  co_report: {
    from: ['dispatched', 'signed', 'in_progress'],
    to: 'same',
    who: HANDLERS.map((role) => ({ role, scope: 'co_handler' as const })),
  },
  feedback: { from: ['in_progress'], to: 'awaiting_callback', who: lead },
  callback: { from: ['awaiting_callback'], to: ['called_back', 'awaiting_callback'], who: [...hotline('callback_agent'), requester] },
  reopen: {
    from: ['called_back'],
    to: 'in_progress',
    who: [...hotline('callback_agent', 'hotline_supervisor'), requester],
    guards: ['lastCallbackUnsatisfied'],
  },
  // 核查: the grid member checks on site that a finished order is fixed, before it closes.
  verify: { from: ['awaiting_callback', 'called_back'], to: 'same', who: [{ role: 'grid_member', scope: 'grid' }] },
  close: { from: ['called_back'], to: 'closed', who: hotline('callback_agent', 'hotline_supervisor'), guards: ['verifiedWhenRequired'] },
  request_exclusion: {
    from: ['in_progress', 'awaiting_callback', 'called_back', 'closed'],
    to: 'same',
    who: lead,
    guards: ['noPendingExclusion', 'notExcluded'],
  },
  decide_exclusion: {
    from: ['in_progress', 'awaiting_callback', 'called_back', 'closed'],
    to: 'same',
    who: hotline('hotline_supervisor'),
    guards: ['hasPendingExclusion'],
  },
  supervise: {
    from: OPEN_STATUSES,
    to: 'same',
    who: [...hotline('hotline_supervisor'), { role: 'district_supervisor', scope: 'district' }],
  },
  // The centre corrects what an order is about; corrections are what the classifier learns from.
  recategorize: {
    from: ['received', 'dispatched', 'signed', 'in_progress', 'disputed', 'escalated'],
    to: 'same',
    who: hotline('intake_agent', 'dispatcher', 'hotline_supervisor'),
  },
} satisfies Record<string, ActionDef>;

export type Action = keyof typeof WORKFLOW;
export const ACTIONS = Object.keys(WORKFLOW) as Action[];

/** What the rules need to know of an order: its row plus a few facts about its pending records. */
export type OrderFacts = {
  status: Status;
  leadUnitId: number | null;
  coHandlerUnitIds: number[];
  districtId: number | null;
  excluded: boolean;
  pendingExtension: boolean;
  pendingExclusion: boolean;
  lastCallback: { valid: boolean; solved: boolean | null; satisfaction: string | null } | null;
  /** Where the order lies and who filed it in the portal; absent where no one acts by grid or as requester (generated history). */
  gridId?: number | null;
  requesterUserId?: number | null;
  /** The policy asks for an on-site verification (核查) since the latest feedback and none confirmed it yet. */
  verificationPending?: boolean;
};

const GUARDS: Record<GuardName, (o: OrderFacts) => boolean> = {
  noPendingExtension: (o) => !o.pendingExtension,
  hasPendingExtension: (o) => o.pendingExtension,
  noPendingExclusion: (o) => !o.pendingExclusion,
  hasPendingExclusion: (o) => o.pendingExclusion,
  notExcluded: (o) => !o.excluded,
  lastCallbackUnsatisfied: (o) =>
    !!o.lastCallback && o.lastCallback.valid && (o.lastCallback.solved === false || o.lastCallback.satisfaction === 'dissatisfied'),
  verifiedWhenRequired: (o) => !o.verificationPending,
};

export function grantCovers(grant: RoleGrant, scope: Scope, o: OrderFacts, userId: number | null = null): boolean {
  switch (scope) {
    case 'hotline':
      return true;
    case 'lead':
      return grant.unitId !== null && grant.unitId === o.leadUnitId;
    case 'co_handler':
      return grant.unitId !== null && o.coHandlerUnitIds.includes(grant.unitId);
    case 'district':
      return grant.unitId !== null && grant.unitId === o.districtId;
    case 'grid':
      return grant.unitId !== null && grant.unitId === (o.gridId ?? null);
    case 'requester':
      return userId !== null && userId === (o.requesterUserId ?? null);
  }
}

export type Decision =
  | { ok: true; grant: RoleGrant }
  | { ok: false; reason: 'forbidden' | 'invalid_transition'; failedGuard?: GuardName };

/**
 * Decides whether the actor may take the action on the order now. Role and scope are checked
 * before status, so a person without the right is told "forbidden" rather than learning the state.
 */
export function decide(action: Action, o: OrderFacts, actor: Actor | null): Decision {
  const def: ActionDef = WORKFLOW[action];
  const grant = actor?.grants.find((g) => def.who.some((w) => w.role === g.role && grantCovers(g, w.scope, o, actor.userId)));
  if (!grant) return { ok: false, reason: 'forbidden' };
  if (!def.from.includes(o.status)) return { ok: false, reason: 'invalid_transition' };
  const failedGuard = def.guards?.find((g) => !GUARDS[g](o));
  if (failedGuard) return { ok: false, reason: 'invalid_transition', failedGuard };
  return { ok: true, grant };
}

export function allowedActions(o: OrderFacts, actor: Actor | null): Action[] {
  return ACTIONS.filter((a) => decide(a, o, actor).ok);
}

/** Checks that a status the command chose is one the table allows for the action. */
export function targetAllowed(action: Action, from: Status, to: Status): boolean {
  const def: ActionDef = WORKFLOW[action];
  if (def.to === 'same') return to === from;
  if (Array.isArray(def.to)) return def.to.includes(to);
  return def.to === to;
}
