import { shanghaiDate } from '../deadlines/calendar.ts';
import { dueDispatch, type Urgency } from '../deadlines/sla.ts';
import { orderTokens } from '../routing/duplicates/find-duplicates.ts';
import { ADDENDA, GIVEN, SEASONS, SURNAMES, type Topic } from './history-catalogue.ts';
import { hotline } from './history-commands.ts';
import { OrderSim, type Who } from './history-order-sim.ts';
import { weighted, type Rng } from './history-random.ts';
import type { GenOrder, HistoryBatch, Ms } from './history-tables.ts';
import type { Place, World } from './history-world.ts';

/** Intake as the product records it: the order row, its dispatch timers and its first event. */

const CHANNELS_DISPATCH: [string, number][] = [['phone', 70], ['wechat', 10], ['app', 8], ['web', 6], ['grid', 5], ['sms', 1]];
const CHANNELS_INQUIRY: [string, number][] = [['phone', 80], ['wechat', 9], ['app', 6], ['web', 5]];
const pickChannel = {
  dispatch: weighted(CHANNELS_DISPATCH, (c) => c[1]),
  inquiry: weighted(CHANNELS_INQUIRY, (c) => c[1]),
};
const tokenMemo = new Map<string, string[]>();
const memoTokens = (title: string, text: string) => {
  const key = `${title}\u0000${text}`;
  let t = tokenMemo.get(key);
  if (!t) tokenMemo.set(key, (t = orderTokens(title, text)));
  return t;
};

/**
 * The order's search tokens as the union of its parts' (the text with the place left out, the
 * place, the closing phrase): a few hundred segmentations for the whole catalogue instead of one
 * per order. Jieba cuts at those seams anyway, since places end in 路/街/小区 and phrases start anew.
 */
function tokensOf(title: string, body: string, place: string, addendum: string): string[] {
  const words = new Set(memoTokens(title, body.replaceAll('{p}', ' ')));
  for (const w of memoTokens('', place)) words.add(w);
  if (addendum) for (const w of memoTokens('', addendum)) words.add(w);
  return [...words].slice(0, 160);
}

export type Draft = { topic: Topic; kind: 'dispatch' | 'inquiry'; place: Place; received: Ms };

/** Topic samplers per month: the season decides what the city calls about. */
export function topicSampler(topics: Topic[]): (rng: Rng, month: number) => Topic {
  const byMonth = SEASONS.flat.map((_, m) => weighted(topics, (t) => t.weight * SEASONS[t.season][m]));
  return (rng, month) => byMonth[month](rng);
}

export function newOrder(world: World, rng: Rng, out: HistoryBatch, end: Ms, id: number, codeValue: number, d: Draft, lag: () => number): OrderSim {
  const cat = world.categories.get(d.topic.code)!;
  const [title, body] = rng.pick(d.topic.texts).split('|');
  const placeName = rng.pick(d.place.names);
  const addendum = rng.pick(ADDENDA);
  const text = body.replaceAll('{p}', placeName) + addendum;
  const channel = pickChannel[d.kind](rng)[0];
  let urgency = cat.urgency as Urgency;
  if (urgency === 'general' && d.kind === 'dispatch' && rng.chance(0.04)) urgency = 'complex';
  const requestType = d.kind === 'inquiry' ? 'inquiry' : rng.chance(0.85) ? (cat.requestType === 'inquiry' ? 'help' : cat.requestType) : rng.pick(['help', 'complaint', 'report', 'suggestion']);
  const anonymous = rng.chance(0.06);
  const surname = SURNAMES[rng.int(0, SURNAMES.length - 1)];
  const name = rng.chance(0.6) ? `${surname}${rng.chance(0.5) ? '先生' : '女士'}` : surname + GIVEN[rng.int(0, GIVEN.length - 1)] + (rng.chance(0.5) ? GIVEN[rng.int(0, GIVEN.length - 1)] : '');
  const phone = `1${rng.pick(['3', '5', '7', '8', '9'])}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`;
  const address = /[路街巷胡同里]$/.test(placeName) ? `${placeName}${rng.int(1, 120)}号` : placeName;
  const received = d.received;
  const due = dueDispatch(world.calendar, world.policy, urgency, new Date(received)).getTime();
  const who: Who | null = channel === 'grid' ? { role: 'grid_member', unitId: d.place.gridId } : channel === 'phone' || channel === 'sms' ? hotline0(world) : null;
  const createdBy = who ? (world.userOf.get(`${who.role}@${who.unitId}`) ?? null) : null;
  const tokens = tokensOf(title, body, placeName, addendum);
  const o: GenOrder = {
    id, code: `GD${shanghaiDate(new Date(received)).replaceAll('-', '')}${String(codeValue).padStart(6, '0')}`, status: 'received', version: 1,
    channel, request_type: requestType, title, text, urgency, category: cat.code,
    district_id: world.districtId, street_id: d.place.streetId, community_id: d.place.communityId, grid_id: d.place.gridId,
    address, lon: round6(d.place.lon + (rng.next() - 0.5) * 0.004), lat: round6(d.place.lat + (rng.next() - 0.5) * 0.003),
    requester_name: anonymous ? null : name, requester_phone: phone, requester_anonymous: anonymous,
    lead_unit_id: null, sla_policy_id: world.policy.id, received_at: received,
    dispatched_at: null, signed_at: null, first_contact_at: null, feedback_at: null, closed_at: null,
    due_dispatch_at: due, due_sign_at: null, due_contact_at: null, due_feedback_at: null,
    overdue_stages: [], reopen_count: 0, extension_count: 0, excluded: false, merged_into_id: null, held_from_status: null,
    answer: null, close_reason: null, feedback_text: null, feedback_solved: null, created_by: createdBy, updated_at: received,
    taxonomy_version_id: cat.taxonomyVersionId, duty_list_id: null, dispatch_rule_id: null, routing_proposal: null, routing_overridden: null, tokens,
  };
  const s = new OrderSim(o, out, world, end, lag);
  s.schedule('dispatch', received, due);
  s.received(who, {
    channel, attachments: 0, policyVersion: world.policy.version,
    location: { method: 'grid', confidence: 1, message: null }, classification: null,
  });
  return s;
}

const hotline0 = (world: World): Who => ({ role: 'intake_agent', unitId: world.hotlineId });
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
