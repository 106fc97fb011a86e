import type { Queryable } from '../../db/client.ts';
import type { Calendar } from '../deadlines/calendar.ts';
import { loadCalendar, policyAt } from '../deadlines/deadline-store.ts';
import type { SlaPolicy, Urgency } from '../deadlines/sla.ts';
import { proposeRouting } from '../routing/catalogue/propose-routing.ts';
import { DISPATCH_TOPICS, INQUIRY_TOPICS, type Topic } from './history-catalogue.ts';

/** The city as the generator sees it: places, people per role and unit, policy, calendar and routing. */
export type Place = { streetId: number; communityId: number; gridId: number; lon: number; lat: number; names: string[] };
export type Street = { id: number; name: string; population: number; places: Place[]; placeWeights: number[] };
export type CategoryInfo = { code: string; urgency: Urgency; requestType: string; taxonomyVersionId: number };
export type Routed = {
  leadUnitId: number;
  leadUnitName: string;
  leadKind: string;
  coHandlerUnitIds: number[];
  copyTo: number | null;
  ruleId: number | null;
  dutyListId: number | null;
  taxonomyVersionId: number | null;
  proposal: string;
};

export type World = {
  districtId: number;
  hotlineId: number | null;
  streets: Street[];
  departments: { id: number; name: string; kind: string }[];
  unitDistrict: Map<number, number | null>;
  unitKind: Map<number, string>;
  userOf: Map<string, number>;
  policy: SlaPolicy;
  calendar: Calendar;
  categories: Map<string, CategoryInfo>;
  dispatchTopics: Topic[];
  inquiryTopics: Topic[];
  route(code: string, streetId: number, urgency: Urgency, requestType: string, at: Date): Promise<Routed>;
};

type UnitRow = {
  id: number; kind: string; name: string; code: string; parent_id: number | null; district_id: number | null;
  population: number | null; centroid_lon: number | null; centroid_lat: number | null;
};

export async function loadWorld(q: Queryable, start: Date): Promise<World> {
  const units = (await q.query<UnitRow>(
    `select id, kind, name, code, parent_id, district_id, population, centroid_lon, centroid_lat from units where active order by id`,
  )).rows;
  const district = units.find((u) => u.kind === 'district' && units.some((s) => s.kind === 'street' && s.parent_id === u.id));
  if (!district) throw new Error('No district with streets: seed the demo city first (npx shaobao seed).');
  const byId = new Map(units.map((u) => [u.id, u]));
  const gaz = (await q.query<{ name: string; unit_id: number }>(
    `select name, unit_id from gazetteer where kind in ('road','building','place','poi') and unit_id is not null order by id`,
  )).rows;
  const namesOf = new Map<number, string[]>();
  for (const g of gaz) namesOf.set(g.unit_id, [...(namesOf.get(g.unit_id) ?? []), g.name]);
  const streets: Street[] = units
    .filter((u) => (u.kind === 'street' || u.kind === 'township') && u.parent_id === district.id)
    .map((s) => {
      const places: Place[] = [];
      const placeWeights: number[] = [];
      for (const c of units.filter((u) => u.kind === 'community' && u.parent_id === s.id)) {
        const grids = units.filter((u) => u.kind === 'grid' && u.parent_id === c.id);
        for (const g of grids.length ? grids : [c]) {
          const at = g.centroid_lon !== null ? g : c.centroid_lon !== null ? c : s;
          places.push({
            streetId: s.id, communityId: c.id, gridId: g.id, lon: at.centroid_lon ?? 116.41, lat: at.centroid_lat ?? 39.92,
            names: namesOf.get(g.id) ?? namesOf.get(c.id) ?? [c.name],
          });
          placeWeights.push((c.population ?? 5000) / (grids.length || 1));
        }
      }
      return { id: s.id, name: s.name, population: s.population ?? 30000, places, placeWeights };
    })
    .filter((s) => s.places.length > 0);
  const roles = (await q.query<{ user_id: number; role: string; unit_id: number | null }>(
    `select r.user_id, r.role, r.unit_id from user_roles r join users u on u.id = r.user_id where u.active order by r.user_id`,
  )).rows;
  const userOf = new Map<string, number>();
  for (const r of roles) if (!userOf.has(`${r.role}@${r.unit_id}`)) userOf.set(`${r.role}@${r.unit_id}`, r.user_id);
  const cats = (await q.query<{ code: string; default_urgency: Urgency | null; default_request_type: string | null; taxonomy_version_id: number }>(
    `select c.code, c.default_urgency, c.default_request_type, c.taxonomy_version_id from categories c
     join taxonomy_versions v on v.id = c.taxonomy_version_id where v.status = 'active' and c.active`,
  )).rows;
  const categories = new Map(cats.map((c) => [c.code, {
    code: c.code, urgency: c.default_urgency ?? 'general', requestType: c.default_request_type ?? 'complaint', taxonomyVersionId: c.taxonomy_version_id,
  }]));
  const memo = new Map<string, Promise<Routed>>();
  const route = (code: string, streetId: number, urgency: Urgency, requestType: string, at: Date) => {
    const key = `${code}|${streetId}|${urgency}|${requestType}`;
    let hit = memo.get(key);
    if (!hit) {
      hit = routeOnce(q, byId, { categoryCode: code, streetId, districtId: district.id, urgency, requestType, at });
      memo.set(key, hit);
    }
    return hit;
  };
  return {
    districtId: district.id,
    hotlineId: units.find((u) => u.kind === 'hotline_centre')?.id ?? null,
    streets,
    departments: units.filter((u) => u.kind === 'department' || u.kind === 'enterprise').map((u) => ({ id: u.id, name: u.name, kind: u.kind })),
    unitDistrict: new Map(units.map((u) => [u.id, u.district_id])),
    unitKind: new Map(units.map((u) => [u.id, u.kind])),
    userOf,
    policy: await policyAt(q, start),
    calendar: await loadCalendar(q),
    categories,
    dispatchTopics: DISPATCH_TOPICS.filter((t) => categories.has(t.code)),
    inquiryTopics: INQUIRY_TOPICS.filter((t) => categories.has(t.code)),
    route,
  };
}

async function routeOnce(
  q: Queryable,
  byId: Map<number, UnitRow>,
  input: { categoryCode: string; streetId: number; districtId: number; urgency: string; requestType: string; at: Date },
): Promise<Routed> {
  const p = await proposeRouting(q, input);
  const lead = byId.get(p.leadUnit.id)!;
  const copyTo = (lead.kind === 'street' || lead.kind === 'township') && lead.district_id ? lead.district_id : null;
  const co = p.coHandlers.map((u) => u.id);
  return {
    leadUnitId: lead.id,
    leadUnitName: lead.name,
    leadKind: lead.kind,
    coHandlerUnitIds: co,
    copyTo,
    ruleId: p.versions.dispatchRuleId,
    dutyListId: p.versions.dutyListId,
    taxonomyVersionId: p.versions.taxonomyVersionId,
    // the same summary recordProposal() keeps on a dispatched order
    proposal: JSON.stringify({
      leadUnitId: lead.id, leadUnitName: lead.name, coHandlerUnitIds: [...co].sort(), coHandlers: p.coHandlers.map((u) => ({ id: u.id, name: u.name })),
      ruleId: p.rule?.id ?? null, ruleName: p.rule?.name ?? null, dutyItem: p.dutyItem, target: p.target,
      explanation: p.explanation, explanationEn: p.explanationEn,
    }),
  };
}
