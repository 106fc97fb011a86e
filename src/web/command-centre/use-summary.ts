import { useCallback, useEffect, useRef, useState } from 'react';
import { api, qs } from '../shared/api.ts';
import { subscribeLive, type LiveOrder } from '../shared/live.ts';
import type { BoardOrder, Summary } from './summary-types.ts';
import { msToShanghaiMidnight } from './midnight.ts';

// Events come in bursts (an intake and its dispatch, a sweep): one refresh per burst is enough.
const DEBOUNCE_MS = 1_500;
// A safety net under the live stream, and what moves "today" past midnight on a board left open.
const SAFETY_MS = 5 * 60_000;

/**
 * The board's data: one summary request on load, after each burst of live events, on reconnect,
 * and every few minutes. A new emergency order is shown from its live event at once, before the
 * refresh that recounts everything arrives.
 */
export function useSummary(streetId: number | null) {
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [live, setLive] = useState(false);
  const [fresh, setFresh] = useState<BoardOrder[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef<AbortController | null>(null);

  const refresh = useCallback(async () => {
    inFlight.current?.abort();
    const ac = new AbortController();
    inFlight.current = ac;
    try {
      const s = await api<Summary>(`/api/command-centre/summary${qs({ streetId })}`, { signal: ac.signal });
      setSummary(s);
      // Kept only while the summary may not have counted it yet (both times are the server's).
      setFresh((f) => f.filter((o) => !s.emergencies.some((e) => e.id === o.id) && Date.parse(o.receivedAt) > Date.parse(s.at) - 10_000));
      setError(null);
    } catch (e) {
      if ((e as Error).name !== 'AbortError') setError(e);
    }
  }, [streetId]);

  useEffect(() => {
    void refresh();
    const soon = () => {
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        void refresh();
      }, DEBOUNCE_MS);
    };
    const off = subscribeLive((e) => {
      if (e.type === 'hello') {
        setLive(true);
        void refresh();
      } else if (e.type === 'bye') setLive(false);
      else if (e.type === 'resync') void refresh();
      else if (e.type === 'order.received' || e.type === 'order.changed') {
        if (e.type === 'order.received' && e.data.urgency === 'emergency' && (streetId === null || e.data.streetId === streetId)) {
          setFresh((f) => (f.some((o) => o.id === e.data.id) ? f : [asBoardOrder(e.data), ...f]));
        }
        soon();
      }
    });
    const safety = setInterval(() => void refresh(), SAFETY_MS);
    // "Today" turns at Shanghai midnight whatever the board's own time zone: refresh just after it.
    let midnight: ReturnType<typeof setTimeout>;
    const atMidnight = () => {
      midnight = setTimeout(() => {
        void refresh();
        atMidnight();
      }, msToShanghaiMidnight(Date.now()) + 2_000);
    };
    atMidnight();
    const offline = () => setLive(false);
    window.addEventListener('offline', offline);
    return () => {
      off();
      clearInterval(safety);
      clearTimeout(midnight);
      window.removeEventListener('offline', offline);
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      inFlight.current?.abort();
    };
  }, [refresh, streetId]);

  const emergencies = summary ? [...fresh.filter((o) => !summary.emergencies.some((e) => e.id === o.id)), ...summary.emergencies] : fresh;
  return { summary, emergencies, freshIds: new Set(fresh.map((o) => o.id)), error, live, refresh };
}

function asBoardOrder(o: LiveOrder): BoardOrder {
  return { id: o.id, code: o.code, title: o.title, status: o.status, urgency: o.urgency, streetId: o.streetId, streetName: null, leadUnitName: null, lon: o.lon, lat: o.lat, receivedAt: o.at, due: null, overdueStages: [] };
}
