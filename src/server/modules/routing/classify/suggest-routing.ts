import type { Queryable } from '../../../db/client.ts';
import { AppError } from '../../../lib/errors.ts';
import type { Actor } from '../../../lib/ctx.ts';
import { proposeRouting } from '../catalogue/propose-routing.ts';
import { findDuplicates } from '../duplicates/find-duplicates.ts';
import { placeInText } from '../geo/text-place-index.ts';
import { placeOfIntake } from '../../work-orders/routing-at-intake.ts';
import type { IntakeInput } from '../../work-orders/work-order-schemas.ts';
import { classifyOrder } from './classify-order.ts';

export type SuggestInput = {
  title: string;
  text: string;
  location: IntakeInput['location'];
  categoryCode?: string;
  requestType?: string;
  urgency?: string;
};

/**
 * Everything the platform proposes while an agent types a request: what it is about, where it is,
 * who should handle it and under which rule and duty item, and which open orders it may repeat.
 * Read-only; the agent's accepted or corrected choice is what intake and dispatch record.
 */
export async function suggestRouting(q: Queryable, input: SuggestInput, at: Date, actor: Actor | null) {
  const classification = await classifyOrder(q, { title: input.title, text: input.text }, at);
  const place = await placeOfIntake(q, input.location, [input.title, input.text]);
  // Shown as a proposal whatever was given: the agent may have picked a place the text contradicts.
  const textPlace = await placeInText(q, input.title, input.text);
  const categoryCode = input.categoryCode ?? classification.categories[0]?.code ?? null;
  const requestType = input.requestType ?? classification.requestType.value;
  const urgency = input.urgency ?? classification.urgency.value;
  let routing = null;
  try {
    routing = await proposeRouting(q, { categoryCode, requestType, urgency, streetId: place.streetId, districtId: place.districtId, at });
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
  }
  const duplicates = await findDuplicates(q, {
    title: input.title,
    text: input.text,
    gridId: place.gridId,
    streetId: place.streetId,
    lon: input.location.lon ?? null,
    lat: input.location.lat ?? null,
    at,
    visibleTo: actor,
  });
  return { classification, place, textPlace, categoryCode, requestType, urgency, routing, duplicates };
}
