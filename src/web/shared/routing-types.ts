/** The routing JSON the server sends (src/server/modules/routing/*), as the console uses it. */
import type { TextPlace } from '../../server/modules/routing/geo/text-places.ts';

export type { TextPlace, TextPlaceCandidate } from '../../server/modules/routing/geo/text-places.ts';
export type UnitRef = { id: number; code: string; name: string; kind: string };
export type NamedRef = { id: number; code: string; name: string } | null;

export type DutyItemRef = {
  listId: number;
  listKind: string;
  listVersion: number;
  code: string;
  text: string;
  role: string;
  block: string;
  legalBasis: string | null;
  leadDepartment: UnitRef | null;
  leadDepartmentCode: string | null;
};

export type EntryResult = { allowed: boolean; basis?: string; code?: 'entry_refused'; reason?: string; reasonZh?: string; dutyItem?: DutyItemRef };

export type RoutingProposal = {
  target: 'territorial' | 'unit' | 'district';
  leadUnit: UnitRef;
  coHandlers: UnitRef[];
  rule: { id: number; name: string } | null;
  dutyItem: DutyItemRef | null;
  category: { code: string; name: string; level: number; path: string[] } | null;
  entry: EntryResult | null;
  streetPowers: { summary: string; summaryEn: string; canActAlone: boolean } | null;
  versions: { taxonomyVersionId: number | null; dutyListId: number | null; dispatchRuleId: number | null };
  explanation: string;
  explanationEn: string;
};

/** What dispatch stored with the order (record-proposal.ts): a summary, not the full proposal. */
export type RecordedProposal = {
  leadUnitId: number;
  leadUnitName: string;
  coHandlerUnitIds: number[];
  ruleId: number | null;
  ruleName: string | null;
  dutyItem: DutyItemRef | null;
  target: string;
  explanation: string;
  /** Absent on orders dispatched before it was recorded. */
  explanationEn?: string | null;
};

export type Basis = 'model' | 'words' | 'category' | 'default';
export type Signal = { value: string; basis: Basis; words: string[]; confidence: number | null };
export type CategoryProposal = { code: string | null; name: string; path: string[]; confidence: number; refinedBy: string[] };

export type Classification = {
  model: { id: number; version: number } | null;
  categories: CategoryProposal[];
  highlights: { term: string; weight: number }[];
  requestType: Signal;
  urgency: Signal;
};

export type ResolvedPlace = {
  districtId: number;
  streetId: number | null;
  communityId: number | null;
  gridId: number | null;
  method: 'ids' | 'point' | 'address' | 'text' | 'fallback';
  confidence: number;
  message?: string;
  messageEn?: string;
};

export type DuplicateHit = {
  id: number;
  code: string;
  title: string;
  status: string;
  receivedAt: string;
  score: number;
  distanceM: number | null;
  sameGrid: boolean;
  sharedWords: string[];
};

export type Suggestion = {
  classification: Classification;
  place: ResolvedPlace;
  textPlace: TextPlace;
  categoryCode: string | null;
  requestType: string;
  urgency: string;
  routing: RoutingProposal | null;
  duplicates: DuplicateHit[];
};

export type Located = {
  found: boolean;
  grid: NamedRef;
  community: NamedRef;
  street: NamedRef;
  district: NamedRef;
  level?: 'grid' | 'community' | 'street' | 'district';
  match?: string;
  message?: string;
};

export type PlaceMatch = {
  id: number;
  name: string;
  kind: string;
  unit: { grid: NamedRef; community: NamedRef; street: NamedRef; district: NamedRef };
  lon: number;
  lat: number;
  score: number;
};

export type Category = {
  code: string;
  level: number;
  name: string;
  name_en: string | null;
  parent_code: string | null;
  default_urgency: string | null;
  default_request_type: string | null;
  keywords: string[];
  active: boolean;
};

export type TaxonomyVersion = { id: number; version: number; name: string; status: string; valid_from: string | null; note: string | null; created_at: string; categories: number };

export type RoleShares = { total: number; lead: number; coordinate: number; assist: number; leadPct: number; coordinatePct: number; assistPct: number };

export type DutyListSummary = {
  id: number;
  list_kind: string;
  unit_kind: string;
  version: number;
  name: string;
  status: string;
  valid_from: string | null;
  valid_to: string | null;
  submitted_by: number | null;
  submitted_at: string | null;
  decided_at: string | null;
  decision_note: string | null;
  items?: number;
};

export type DutyItem = {
  code: string;
  block: string;
  text: string;
  legal_basis: string | null;
  role: string;
  lead_department_code: string | null;
  lead_department_name: string | null;
  category_codes: string[];
};

export type DutyList = Omit<DutyListSummary, 'items'> & { shares: RoleShares; blocks: (RoleShares & { block: string })[]; items: DutyItem[] };
export type DutyListEvent = { id: number; type: string; at: string; data: Record<string, unknown> | null; actor_name: string | null; actor_username: string | null };

export type DispatchRule = {
  id: number;
  name: string;
  priority: number;
  category_code: string | null;
  request_type: string | null;
  urgency: string | null;
  place_unit_name: string | null;
  target: string;
  lead_unit_name: string | null;
  co_handler_unit_ids: number[];
  duty_item_code: string | null;
  street_co_handles: boolean;
  valid_from: string;
  valid_to: string | null;
  note: string | null;
  state: string;
};
