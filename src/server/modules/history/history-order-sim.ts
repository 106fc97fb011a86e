import type { Actor, Role } from '../../lib/ctx.ts';
import { warnAt, type Stage } from '../deadlines/sla.ts';
import { SYSTEM_ACTOR } from '../deadlines/deadline-sweep.ts';
import { EVENT_TYPES } from '../work-orders/work-order-transition.ts';
import { decide, targetAllowed, type Action, type OrderFacts, type Status } from '../work-orders/work-order-workflow.ts';
import type { GenAssignment, GenCallback, GenDeadline, GenDispute, GenEvent, GenExclusion, GenExtension, GenOrder, HistoryBatch, Ms } from './history-tables.ts';
import type { World } from './history-world.ts';

export type Who = { role: Role; unitId: number | null };
export type Change = { to?: Status; reason?: string | null; data?: Record<string, unknown>; keepVersion?: boolean };

/** Thrown when the next step would happen after the end of the window: the order stays as it is then. */
export const CUT = Symbol('cut');

// One actor object per role and unit (per world), not one per step: the generator makes millions of steps.
const ACTORS = new Map<string, Actor>();
let ACTORS_OF: World | null = null;

/**
 * One order's life replayed in memory. Every step is checked with the product's own `decide()`
 * and `targetAllowed()` against WORKFLOW, and timers fire exactly as the sweep would have fired
 * them between steps, so the rows it leaves are the rows the real commands would have written.
 */
export class OrderSim {
  readonly events: GenEvent[] = [];
  readonly timers: GenDeadline[] = [];
  readonly assignments: GenAssignment[] = [];
  coHandlers: number[] = [];
  openDispute: GenDispute | null = null;
  callbackRounds = 0;
  pendingExtension: GenExtension | null = null;
  pendingExclusion: GenExclusion | null = null;
  lastCallback: GenCallback | null = null;
  now: Ms;

  constructor(readonly o: GenOrder, readonly out: HistoryBatch, readonly world: World, readonly end: Ms, private readonly lag: () => number) {
    this.now = o.received_at;
  }

  get status(): Status {
    return this.o.status as Status;
  }

  facts(): OrderFacts {
    const cb = this.lastCallback;
    return {
      status: this.status,
      leadUnitId: this.o.lead_unit_id,
      coHandlerUnitIds: this.coHandlers,
      districtId: this.o.district_id,
      excluded: this.o.excluded,
      pendingExtension: !!this.pendingExtension,
      pendingExclusion: !!this.pendingExclusion,
      lastCallback: cb && { valid: cb.valid, solved: cb.solved, satisfaction: cb.satisfaction },
    };
  }

  actor(who: Who): Actor {
    const key = `${who.role}@${who.unitId}`;
    let a = ACTORS.get(key);
    if (!a || ACTORS_OF !== this.world) {
      if (ACTORS_OF !== this.world) ACTORS.clear();
      ACTORS_OF = this.world;
      a = this.makeActor(who);
      ACTORS.set(key, a);
    }
    return a;
  }

  private makeActor(who: Who): Actor {
    return {
      userId: this.world.userOf.get(`${who.role}@${who.unitId}`) ?? 0,
      username: who.role, displayName: who.role, kind: 'staff', locale: 'zh-CN',
      grants: [{ role: who.role, unitId: who.unitId, unitPath: null, districtId: null }],
    };
  }

  userId(who: Who): number | null {
    return this.world.userOf.get(`${who.role}@${who.unitId}`) ?? null;
  }

  /** The first event, as intake writes it. */
  received(who: Who | null, data: Record<string, unknown>): void {
    this.pushEvent('work_order.received', 'intake', who ? this.actor(who) : null, null, 'received', null, data, this.o.received_at);
  }

  /** One action of the workflow at `at`, after every timer the sweep would have fired before it. */
  step(action: Action, at: Ms, who: Who | Actor, apply: () => Change | void): void {
    at = Math.max(at, this.now + 1000);
    if (at > this.end) throw CUT;
    this.fireUntil(at);
    this.apply(action, at, 'grants' in who ? who : this.actor(who), apply);
  }

  private apply(action: Action, at: Ms, actor: Actor, apply: () => Change | void): void {
    const d = decide(action, this.facts(), actor);
    if (!d.ok) throw new Error(`history: ${action} refused on ${this.o.code} in ${this.status} (${d.reason} ${d.failedGuard ?? ''})`);
    this.now = at;
    const from = this.status;
    const c = apply() ?? {};
    const to = c.to ?? from;
    if (!targetAllowed(action, from, to)) throw new Error(`history: ${action} may not lead from ${from} to ${to}`);
    this.o.status = to;
    if (!c.keepVersion) this.o.version++;
    this.o.updated_at = at;
    this.pushEvent(EVENT_TYPES[action], action, actor, from, to, c.reason ?? null, c.data ?? {}, at);
  }

  private pushEvent(type: string, action: string | null, actor: Actor | null, from: string | null, to: string | null, reason: string | null, data: Record<string, unknown>, at: Ms): void {
    const g = actor?.grants[0];
    this.events.push({
      order_id: this.o.id, seq: 0, type, action, actor_id: actor && actor.userId > 0 ? actor.userId : null,
      actor_role: g?.role ?? null, actor_unit_id: g?.unitId ?? null, at, from_status: from, to_status: to, reason, data: JSON.stringify(data),
    });
  }

  /** Another order was merged into this one at `at` (merge bumps the survivor and notes it on its timeline). */
  absorb(at: Ms, from: GenOrder, who: Who): boolean {
    let status: string | null = null;
    for (const e of this.events) if (e.at <= at && e.to_status) status = e.to_status;
    if (!status || ['answered', 'not_dispatched', 'closed', 'merged'].includes(status)) return false;
    const i = this.events.findIndex((e) => e.at > at);
    const actor = this.actor(who);
    this.pushEvent('work_order.merge_absorbed', 'merge', actor, null, null, null, { fromOrderId: from.id, fromCode: from.code }, at);
    const ev = this.events.pop()!;
    this.events.splice(i < 0 ? this.events.length : i, 0, ev);
    this.o.version++;
    if (at > this.o.updated_at) this.o.updated_at = at;
    return true;
  }

  schedule(stage: Stage, start: Ms, due: Ms): void {
    const warn = warnAt(new Date(start), new Date(due), this.world.policy.warnFraction).getTime();
    for (const [kind, fire] of [['warn', warn], ['due', due]] as const) {
      this.timers.push({ order_id: this.o.id, stage, kind, fire_at: fire, fired_at: null, cancelled: false, sweep_at: fire + this.lag() });
    }
  }

  cancel(stages: Stage[]): void {
    for (const t of this.timers) if (!t.fired_at && !t.cancelled && stages.includes(t.stage as Stage)) t.cancelled = true;
  }

  /** Fires, in order, every pending timer the sweep reaches before `t` (and within the window). */
  fireUntil(t: Ms): void {
    for (;;) {
      let next: GenDeadline | null = null;
      for (const x of this.timers) {
        if (!x.fired_at && !x.cancelled && x.sweep_at < t && x.sweep_at <= this.end && (!next || x.sweep_at < next.sweep_at)) next = x;
      }
      if (!next) return;
      const timer = next;
      timer.fired_at = timer.sweep_at;
      this.apply('supervise', Math.max(timer.sweep_at, this.now), SYSTEM_ACTOR, () => {
        const overdue = timer.kind === 'due';
        this.out.supervisions.push({
          order_id: this.o.id, kind: overdue ? 'overdue' : 'warning', stage: timer.stage, note: null, created_by: null, created_at: timer.fired_at!,
        });
        if (overdue && !this.o.overdue_stages.includes(timer.stage)) this.o.overdue_stages = [...this.o.overdue_stages, timer.stage];
        return { keepVersion: !overdue, data: { kind: overdue ? 'overdue' : 'warning', stage: timer.stage, dueAt: new Date(timer.fire_at).toISOString(), automatic: true } };
      });
    }
  }

  /** The window closes: fire what the sweep has reached, then hand the rows to the batch. */
  finish(): void {
    this.fireUntil(this.end + 1);
  }

  flush(): void {
    this.events.forEach((e, i) => (e.seq = i + 1));
    this.out.orders.push(this.o);
    for (const e of this.events) this.out.events.push(e);
    for (const t of this.timers) this.out.deadlines.push(t);
    for (const a of this.assignments) this.out.assignments.push(a);
  }
}
