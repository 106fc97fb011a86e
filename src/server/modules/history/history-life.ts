import { ruleFor, type Urgency } from '../deadlines/sla.ts';
import * as c from './history-commands.ts';
import { CUT, type OrderSim } from './history-order-sim.ts';
import { trait, type Rng } from './history-random.ts';
import type { Ms } from './history-tables.ts';
import type { Routed, World } from './history-world.ts';

/**
 * How an order's life really goes, step by step, with rates from practice: most dispatched orders
 * are signed, contacted, answered and closed in time; some are disputed, extended, escalated,
 * reopened after an unhappy callback, excluded or late. Each lead unit has its own pace and quality
 * (stable per unit and seed), so units rank differently on response, solution and satisfaction.
 */
const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;

export type Unit = { pace: number; contacted: number; solved: number; happy: number; disputes: number };

export function unitTraits(seed: string, unitId: number): Unit {
  const t = (k: string) => trait(seed, `${k}:${unitId}`);
  return {
    pace: 0.55 + 1.1 * t('pace'),
    contacted: 0.9 + 0.095 * t('contacted'),
    solved: 0.72 + 0.26 * t('solved'),
    happy: 0.6 + 0.35 * t('happy'),
    disputes: 0.01 + 0.05 * t('disputes'),
  };
}

const SIGN_MEDIAN: Record<Urgency, number> = { emergency: 8 * MIN, utilities: 15 * MIN, general: 35 * MIN, complex: 40 * MIN };
const CONTACT_MEDIAN: Record<Urgency, number> = { emergency: 15 * MIN, utilities: 35 * MIN, general: 5 * H, complex: 7 * H };
const DISPATCH_MEDIAN: Record<Urgency, number> = { emergency: 5 * MIN, utilities: 12 * MIN, general: 35 * MIN, complex: 45 * MIN };
const DISPUTE_REASONS = ['该事项不属于本单位职责范围', '诉求地点不在本辖区', '应由产权单位负责', '该事项已有明确主管部门'];
const RESULTS = ['已现场核实并处理完毕', '已联系诉求人说明情况并完成整改', '已协调相关单位解决', '已安排维修，问题已解决', '已依法查处并督促整改'];
const UNSOLVED = ['已向诉求人解释政策，暂不具备解决条件', '已纳入计划，待条件具备后解决'];

export type LifeCtx = { world: World; rng: Rng; seed: string; route: Routed; other: (exclude: number) => Routed };

/** Drives a dispatched order from intake to wherever it is at the end of the window. */
export function liveDispatched(s: OrderSim, x: LifeCtx): void {
  const { rng } = x;
  const urgency = s.o.urgency as Urgency;
  try {
    let t = s.o.received_at + dur(rng, DISPATCH_MEDIAN[urgency], 0.9) * (rng.chance(0.03) ? 30 : 1);
    c.dispatch(s, t, x.route);
    let disputes = 0;
    for (;;) {
      const u = unitTraits(x.seed, s.o.lead_unit_id!);
      t = s.now + dur(rng, SIGN_MEDIAN[urgency] * u.pace, 0.9) * (rng.chance(0.03) ? 8 : 1);
      if (disputes < 2 && rng.chance(u.disputes * 0.6)) {
        t = disputeAndDecide(s, x, t, ++disputes);
        if ((s.status as string) === 'dispatched' && s.o.signed_at === null) continue;
      } else c.sign(s, t);
      if (s.status === 'signed' && disputes < 2 && rng.chance(u.disputes * 0.4)) {
        disputeAndDecide(s, x, s.now + dur(rng, 2 * H, 1), ++disputes);
        if ((s.status as string) === 'dispatched') continue;
      }
      if (s.status === 'signed' && rng.chance(0.006)) {
        c.escalate(s, s.now + dur(rng, 3 * H, 1), '涉及多个部门职责，需区级统筹协调');
        c.reassign(s, s.now + dur(rng, 20 * H, 0.7), x.other(s.o.lead_unit_id!), '区级统筹后改派');
        continue;
      }
      break;
    }
    handle(s, x);
  } catch (e) {
    if (e !== CUT) throw e;
  }
  s.finish();
}

function disputeAndDecide(s: OrderSim, x: LifeCtx, t: Ms, round: number): Ms {
  const { rng } = x;
  const r = x.other(s.o.lead_unit_id!);
  c.dispute(s, t, rng.pick(DISPUTE_REASONS), rng.chance(0.6) ? r.leadUnitId : null);
  if (rng.chance(0.1)) c.adjudicate(s, s.now + dur(rng, 4 * H, 0.8), 'onsite_check', '组织现场核查职责归属');
  const redispatch = rng.chance(round === 1 ? 0.55 : 0.3);
  c.adjudicate(s, s.now + dur(rng, 6 * H, 0.8), redispatch ? 'redispatch' : 'reject', redispatch ? '退单理由成立，改派' : '退单理由不成立，请继续办理', r);
  return s.now;
}

function handle(s: OrderSim, x: LifeCtx): void {
  const { rng } = x;
  const urgency = s.o.urgency as Urgency;
  const u = unitTraits(x.seed, s.o.lead_unit_id!);
  c.contact(s, s.now + dur(rng, CONTACT_MEDIAN[urgency] * u.pace, 1) * (rng.chance(0.03) ? 6 : 1), rng.chance(0.85) ? 'phone' : 'visit');
  const limit = s.o.due_feedback_at! - s.o.dispatched_at!;
  let feedbackAt = s.o.dispatched_at! + Math.max(s.now - s.o.dispatched_at! + 30 * MIN, limit * Math.min(2.5, 0.3 * u.pace * Math.exp(0.55 * gauss(rng))));
  for (const co of s.coHandlers) if (rng.chance(0.75)) c.coReport(s, s.now + (feedbackAt - s.now) * rng.next() * 0.8, co, '已配合主办单位完成现场处置');
  const extensionRate = urgency === 'complex' ? 0.18 : urgency === 'general' ? 0.05 : 0.005;
  if (rng.chance(extensionRate)) {
    const days = ruleFor(s.world.policy, urgency, 'feedback').duration.unit === 'working_days' ? rng.int(3, 10) : rng.int(3, 15);
    c.requestExtension(s, s.now + (s.o.due_feedback_at! - s.now) * (0.5 + 0.4 * rng.next()), days, '需协调产权单位并履行相关程序，办理周期较长');
    const approve = rng.chance(0.85);
    c.decideExtension(s, s.now + dur(rng, 4 * H, 0.8), approve);
    if (approve) feedbackAt = s.now + (s.o.due_feedback_at! - s.now) * Math.min(1.3, 0.4 + 0.5 * rng.next() * u.pace);
  }
  if (feedbackAt > s.o.due_feedback_at! + 12 * H && rng.chance(0.3)) c.supervise(s, s.o.due_feedback_at! + dur(rng, 4 * H, 0.5), '已超期，请加快办理');
  let solved = rng.chance(u.solved);
  c.feedback(s, feedbackAt, solved ? rng.pick(RESULTS) : rng.pick(UNSOLVED), solved);
  for (let round = 0; ; round++) {
    let at = s.now + dur(rng, 20 * H, 0.6);
    if (rng.chance(0.04)) {
      c.callback(s, at, { valid: false });
      at = s.now + dur(rng, 24 * H, 0.4);
    }
    const contacted = rng.chance(u.contacted);
    const solvedNow = solved && rng.chance(0.97);
    const happy = rng.next();
    const satisfaction = solvedNow
      ? happy < u.happy + 0.1 * round ? 'satisfied' : happy < 0.97 ? 'basically_satisfied' : 'dissatisfied'
      : happy < 0.15 ? 'basically_satisfied' : 'dissatisfied';
    c.callback(s, at, { valid: true, contacted, solved: solvedNow, satisfaction });
    if ((!solvedNow || satisfaction === 'dissatisfied') && round < 2 && rng.chance(0.55)) {
      c.reopen(s, s.now + dur(rng, 2 * H, 0.8), '回访不满意，重新办理');
      solved = rng.chance(0.8);
      c.feedback(s, s.now + dur(rng, 30 * H * u.pace, 0.6), solved ? rng.pick(RESULTS) : rng.pick(UNSOLVED), solved);
      continue;
    }
    break;
  }
  c.close(s, s.now + dur(rng, 40 * MIN, 1));
  if (rng.chance(0.015)) {
    c.requestExclusion(s, s.now + dur(rng, 2 * D, 0.6), '诉求人反复提出不合理诉求，申请剔除考核');
    c.decideExclusion(s, s.now + dur(rng, 2 * D, 0.6), rng.chance(0.7));
  }
}

/** A delay around `median` (log-normal), at least a minute. */
export function dur(rng: Rng, median: number, sigma: number): number {
  return Math.max(MIN, rng.logNormal(median, sigma));
}

function gauss(rng: Rng): number {
  return Math.log(rng.logNormal(1, 1));
}

/** Inquiries are answered on the spot; a few orders are not dispatched (Art. 11) or merged into an open one. */
export function liveShort(s: OrderSim, run: () => void): void {
  try {
    run();
  } catch (e) {
    if (e !== CUT) throw e;
  }
  s.finish();
}
