import type { TestApp } from './test-app.ts';

export type SseEvent = { event: string; id: string | null; data: any };

/** Opens a server-sent event stream through app.request and reads its events as they come. */
export async function openSse(t: TestApp, username: string, headers: Record<string, string> = {}) {
  const login = await t.app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: `demo-${username}-2026` }),
  });
  const { token } = (await login.json()) as { token: string };
  const res = await t.app.request('/api/live', { headers: { authorization: `Bearer ${token}`, ...headers } });
  if (res.status !== 200) throw new Error(`GET /api/live as ${username}: ${res.status} ${await res.text()}`);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let buffer = '';
  let ended = false;
  const pump = (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const e: SseEvent = { event: 'message', id: null, data: null };
        const data: string[] = [];
        for (const line of frame.split('\n')) {
          if (line.startsWith(':')) comments.push(line);
          else if (line.startsWith('event: ')) e.event = line.slice(7);
          else if (line.startsWith('id: ')) e.id = line.slice(4);
          else if (line.startsWith('data: ')) data.push(line.slice(6));
        }
        if (data.length) {
          e.data = JSON.parse(data.join('\n'));
          events.push(e);
        }
      }
    }
    ended = true;
  })();

  /** Waits until an event matching `pred` has arrived, or fails after `ms`. */
  async function waitFor(pred: (e: SseEvent) => boolean, ms = 5000): Promise<SseEvent> {
    const until = Date.now() + ms;
    for (;;) {
      const hit = events.find(pred);
      if (hit) return hit;
      if (Date.now() > until) throw new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events.map((x) => x.event))}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  return {
    token,
    events,
    comments,
    waitFor,
    get ended() {
      return ended;
    },
    async close() {
      await reader.cancel().catch(() => undefined);
      await pump;
    },
  };
}
