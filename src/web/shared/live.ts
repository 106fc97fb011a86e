import type { OrderEvent } from '../../shared/live-events.ts';

/**
 * One EventSource per page on /api/live, shared by every component that listens. The browser
 * reconnects by itself and sends Last-Event-ID, so missed orders and notifications are replayed;
 * `hello` after a reconnect tells listeners to refresh what they show. A stream the server ends
 * on purpose (another tab took its place, the session ended) is not reopened.
 */
export type LiveEvent =
  | { type: 'hello'; data: { unread: number } }
  | { type: 'order.received' | 'order.changed'; data: LiveOrder }
  | { type: 'notification'; data: { id: number; kind: string; link: string | null; title: { zh: string; en: string } } }
  | { type: 'unread'; data: { unread: number } }
  | { type: 'resync'; data: Record<string, never> }
  | { type: 'bye'; data: { reason: string } };

export type LiveOrder = OrderEvent;

type Listener = (e: LiveEvent) => void;

const listeners = new Set<Listener>();
let source: EventSource | null = null;
const TYPES = ['hello', 'order.received', 'order.changed', 'notification', 'unread', 'resync', 'bye'] as const;

function open(): void {
  if (source || typeof EventSource === 'undefined') return;
  const es = new EventSource('/api/live');
  source = es;
  for (const type of TYPES) {
    es.addEventListener(type, (m) => {
      let data: unknown;
      try {
        data = JSON.parse((m as MessageEvent<string>).data);
      } catch {
        return;
      }
      const e = { type, data } as LiveEvent;
      if (e.type === 'bye') {
        es.close();
        if (source === es) source = null;
      }
      listeners.forEach((l) => l(e));
    });
  }
}

export function subscribeLive(l: Listener): () => void {
  listeners.add(l);
  open();
  return () => {
    listeners.delete(l);
    if (!listeners.size && source) {
      source.close();
      source = null;
    }
  };
}
