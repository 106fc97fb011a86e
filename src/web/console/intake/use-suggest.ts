import { useEffect, useState } from 'react';
import { api } from '../../shared/api.ts';
import type { LocationValue } from '../../shared/location-select.tsx';
import { locationBody } from '../../shared/location-select.tsx';
import type { Suggestion } from '../../shared/routing-types.ts';

export type SuggestInput = { title: string; text: string; location: LocationValue; categoryCode: string; requestType: string; urgency: string };

export const SUGGEST_DELAY_MS = 400;

/**
 * Asks /api/routing/suggest while the agent types: after a pause of SUGGEST_DELAY_MS, only once
 * title and text both say something, and dropping answers to what has since been retyped.
 */
export function useSuggest(input: SuggestInput): { data: Suggestion | null; loading: boolean; error: unknown; fresh: boolean } {
  const [data, setData] = useState<Suggestion | null>(null);
  const [dataKey, setDataKey] = useState('');
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
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

  useEffect(() => {
    if (!key) {
      setData(null);
      setLoading(false);
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(async () => {
      setLoading(true);
      try {
        const r = await api<Suggestion>('/api/routing/suggest', { body: JSON.parse(key), signal: ctrl.signal });
        setData(r);
        setDataKey(key);
        setError(null);
      } catch (e) {
        if (!ctrl.signal.aborted) setError(e);
      } finally {
        if (!ctrl.signal.aborted) setLoading(false);
      }
    }, SUGGEST_DELAY_MS);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [key]);

  // fresh: what is shown answers what is typed now (not a request still waiting out the pause)
  return { data, loading, error, fresh: !!key && dataKey === key && !loading };
}
