import { enqueue, flush, listOutbox } from './outbox.ts';

/**
 * Files a report through the outbox: stored first, then sent at once if the network allows.
 * Answers whether it is still waiting (offline), so the form can say so.
 */
export async function sendReport(key: string, body: Record<string, unknown>): Promise<{ waiting: number; failed: string | null }> {
  await enqueue(key, String(body.title ?? ''), body);
  await flush();
  const left = await listOutbox();
  const mine = left.find((q) => q.key === key);
  return { waiting: left.filter((q) => !q.failed).length, failed: mine?.failed ?? null };
}

/** The phone's position, if it gives one within a few seconds; a report never waits longer for it. */
export function currentPosition(timeoutMs = 4000): Promise<{ lon: number; lat: number } | null> {
  return new Promise((resolve) => {
    if (!('geolocation' in navigator)) return resolve(null);
    const done = setTimeout(() => resolve(null), timeoutMs + 500);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        clearTimeout(done);
        resolve({ lon: Math.round(p.coords.longitude * 1e6) / 1e6, lat: Math.round(p.coords.latitude * 1e6) / 1e6 });
      },
      () => {
        clearTimeout(done);
        resolve(null);
      },
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}
