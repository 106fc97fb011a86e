import { keepPreviousData, QueryClient, QueryClientProvider, useQuery, type QueryKey } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { api, ApiError } from './api.ts';
import { getLocale } from './i18n.ts';
import type { OrderSummary } from './types.ts';

/**
 * The one cache of server data for a page. Shared hooks pass it explicitly, so faces that have not
 * adopted the provider yet keep working; the console provides it at its root.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A refused request (4xx) will be refused again; a lost connection is worth one more try.
      retry: (count, e) => count < 1 && (!(e instanceof ApiError) || e.status === 0),
      refetchOnWindowFocus: false,
    },
  },
});

export function QueryProvider({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}

/**
 * Resolves once the browser has had a frame to paint what was just rendered, or after 50 ms (a
 * hidden tab paints nothing): work that can wait a frame does not hold the screen back.
 */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 50);
  });
}

type ApiOpts = { staleTime?: number; placeholderPrevious?: boolean; afterPaint?: boolean };

/**
 * A GET of `path`; the key carries the locale because the server answers in the reader's language.
 * `afterPaint` sends the request once the page has painted, for a page that has something to show
 * without it: starting a request costs the main thread milliseconds the first screen is waiting on.
 */
export function useApi<T>(key: QueryKey, path: string | null, opts: ApiOpts = {}) {
  return useQuery<T>(
    {
      queryKey: [...key, getLocale()],
      queryFn: async ({ signal }) => {
        if (opts.afterPaint) await afterPaint();
        return api<T>(path!, { signal });
      },
      enabled: path !== null,
      staleTime: opts.staleTime,
      placeholderData: opts.placeholderPrevious ? keepPreviousData : undefined,
    },
    queryClient,
  );
}

/** The value once it has stopped changing for `ms`: typing does not cost a request per keystroke. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export const orderKey = (id: number) => ['work-order', id];

/**
 * Starts reading an order as soon as the pointer rests on (or the keyboard reaches) its link, so
 * the order page usually opens on data already here: the same key and fetch as its useApi.
 */
export function prefetchOrder(id: number): void {
  void queryClient.prefetchQuery({ queryKey: [...orderKey(id), getLocale()], queryFn: ({ signal }) => api(`/api/work-orders/${id}`, { signal }) });
}

/**
 * The row of order `id` in the freshest list already read in this language (the queue, a caller's
 * history, the grid's reports): what the order page shows the moment it opens, before its detail.
 */
export function cachedOrderSummary(id: number): OrderSummary | null {
  const locale = getLocale();
  let best: { row: OrderSummary; at: number } | null = null;
  for (const q of queryClient.getQueryCache().findAll({ queryKey: ['work-orders'] })) {
    if (q.queryKey[q.queryKey.length - 1] !== locale) continue;
    const items = (q.state.data as { items?: unknown } | undefined)?.items;
    const row = Array.isArray(items) ? (items as OrderSummary[]).find((r) => r.id === id) : undefined;
    if (row && (!best || q.state.dataUpdatedAt > best.at)) best = { row, at: q.state.dataUpdatedAt };
  }
  return best?.row ?? null;
}

/** After an action on an order: its page and every list it appears in are read again. */
export async function refreshOrder(id: number): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: orderKey(id) }),
    queryClient.invalidateQueries({ queryKey: ['work-orders'] }),
  ]);
}
