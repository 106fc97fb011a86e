import type { Queryable } from '../../../db/client.ts';
import { AppError } from '../../../lib/errors.ts';
import { resolveLocation } from '../../work-orders/resolve-location.ts';
import { resolveAddress } from './gazetteer.ts';
import { locatePoint, loadGeoIndex } from './locate-point.ts';
import { placeInText } from './text-place-index.ts';

export type PlaceInput = {
  lon?: number;
  lat?: number;
  address?: string;
  gridId?: number;
  communityId?: number;
  streetId?: number;
  districtId?: number;
  /** The request's title and text: a place they name places the order when nothing else was given. */
  text?: string[];
};

export type ResolvedPlace = {
  districtId: number;
  streetId: number | null;
  communityId: number | null;
  gridId: number | null;
  method: 'ids' | 'point' | 'address' | 'text' | 'fallback';
  /** 1 for ids and a point inside a grid; the match score for an address; 0 for the fallback. */
  confidence: number;
  /** Why a less precise method was used (shown to the agent), in Chinese; messageEn in English. */
  message?: string;
  messageEn?: string;
};

// A point that only a street or community contained (a rounding sliver) is still right about that
// unit, just not about the grid below it.
// A whole name or alias found in the text, unambiguous: sure of the name, less of what the caller meant by it.
const TEXT_CONFIDENCE = 0.9;
const POINT_CONFIDENCE = { inside: 1, border: 1, snapped: 0.95, parent: 0.9 } as const;

/**
 * Where an order is, from the best evidence given: explicit unit ids (validated, they win), then the
 * map pin, then the address through the gazetteer. With none usable the order goes to the district
 * government (fallbackDistrictId): 北京市接诉即办工作条例 makes the district the default handler of
 * requests it cannot place, and the dispatcher can still reassign.
 */
export async function resolvePlace(q: Queryable, input: PlaceInput, fallbackDistrictId: number): Promise<ResolvedPlace> {
  if (input.gridId !== undefined || input.communityId !== undefined || input.streetId !== undefined || input.districtId !== undefined) {
    const r = await resolveLocation(q, {
      gridId: input.gridId,
      communityId: input.communityId,
      streetId: input.streetId,
      districtId: input.districtId,
    });
    if (r.districtId !== null) return { ...r, districtId: r.districtId, method: 'ids', confidence: 1 };
  }

  const notes: { zh: string; en: string }[] = [];
  if ((input.lon === undefined) !== (input.lat === undefined)) {
    throw new AppError('validation_failed', 'lon and lat are given together or not at all.', { field: input.lon === undefined ? 'lon' : 'lat' }, '经度和纬度须同时填写。');
  }
  if (input.lon !== undefined && input.lat !== undefined) {
    const hit = await locatePoint(q, input.lon, input.lat);
    if (hit?.district) {
      return {
        districtId: hit.district.id,
        streetId: hit.street?.id ?? null,
        communityId: hit.community?.id ?? null,
        gridId: hit.grid?.id ?? null,
        method: 'point',
        confidence: POINT_CONFIDENCE[hit.match],
      };
    }
    notes.push({ zh: '标注位置不在辖区范围内', en: 'The pin is outside every known area' });
  }

  const address = input.address?.trim();
  if (address) {
    const r = await resolveAddress(q, address);
    if (r.found && r.unit.district) {
      return {
        districtId: r.unit.district.id,
        streetId: r.unit.street?.id ?? null,
        communityId: r.unit.community?.id ?? null,
        gridId: r.unit.grid?.id ?? null,
        method: 'address',
        confidence: r.confidence,
        ...(notes.length ? { message: notes[0].zh, messageEn: notes[0].en } : {}),
      };
    }
    notes.push(r.found ? { zh: '地址所在单位不属于任何区', en: 'The address is in no district' } : { zh: r.message, en: r.messageEn });
  }

  // Only when the agent gave no place at all: a place they gave, even one not found, is not overridden by a word in the text.
  if (!notes.length && !address && input.text?.length) {
    const r = await placeInText(q, ...input.text);
    if (r.status === 'found' && r.place.chain.district) {
      const c = r.place.chain;
      return {
        districtId: c.district!.id,
        streetId: c.street?.id ?? null,
        communityId: c.community?.id ?? null,
        gridId: c.grid?.id ?? null,
        method: 'text',
        confidence: TEXT_CONFIDENCE,
        message: `根据诉求内容中的“${r.place.name}”定位`,
        messageEn: `Placed by “${r.place.name}” named in the request`,
      };
    }
  }

  const district = (await loadGeoIndex(q)).units.get(fallbackDistrictId);
  if (district?.kind !== 'district') throw new Error(`resolvePlace: fallback unit ${fallbackDistrictId} is not a district`);
  if (!notes.length) notes.push({ zh: '未提供位置信息', en: 'No location was given' });
  return {
    districtId: fallbackDistrictId,
    streetId: null,
    communityId: null,
    gridId: null,
    method: 'fallback',
    confidence: 0,
    message: `${notes.map((n) => n.zh).join('；')}，按规定由区政府（${district.name}）承办`,
    messageEn: `${notes.map((n) => n.en).join('; ')}: the district government (${district.name}) takes the order.`,
  };
}
