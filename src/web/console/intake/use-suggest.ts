import { useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api.ts';
import { getLocale } from '../../shared/i18n.ts';
import { queryClient, useDebounced } from '../../shared/query.tsx';
import type { LocationValue } from '../../shared/location-select.tsx';
import { locationBody } from '../../shared/location-select.tsx';
import type { Suggestion } from '../../shared/routing-types.ts';

export type SuggestInput = { title: string; text: string; location: LocationValue; categoryCode: string; requestType: string; urgency: string };

export const SUGGEST_DELAY_MS = 400;

/**
 * Asks /api/routing/suggest while the agent types: after a pause of SUGGEST_DELAY_MS, only once
 * title and text both say something; an answer to what has since been retyped is not `fresh`.
 */
export function useSuggest(input: SuggestInput): { data: Suggestion | null; loading: boolean; error: unknown; fresh: boolean } {
  const title = input.title.trim();
  const text = input.text.trim();
  const body = title && text
    ? {
        title,
        text,
        location: locationBody(input.location),
        ...(input.categoryCode ? { categoryCode: input.categoryCode } : {}),
        requestType: input.requestType,
        urgency: input.urgency,
      }
    : null;
  const key = body ? JSON.stringify(body) : '';

  const settled = useDebounced(key, SUGGEST_DELAY_MS);
  const asked = !!key && settled === key;
  const q = useQuery<Suggestion>(
    {
      queryKey: ['suggest', settled, getLocale()],
      queryFn: ({ signal }) => api<Suggestion>('/api/routing/suggest', { body: JSON.parse(settled), signal }),
      enabled: asked,
      // Keep the last proposals on screen while the next ones are computed for what was retyped.
      placeholderData: (prev) => prev,
      staleTime: 60_000,
    },
    queryClient,
  );
  const data = key ? (q.data ?? null) : null;
  const loading = asked && q.isFetching;
  const dataKey = q.isPlaceholderData ? '' : settled;
  const error = key ? q.error : null;

  // fresh: what is shown answers what is typed now (not a request still waiting out the pause)
  return { data, loading, error, fresh: asked && dataKey === key && !loading };
}
