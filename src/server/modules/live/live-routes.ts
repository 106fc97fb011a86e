import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { router, STANDARD_ERRORS } from '../../http/openapi.ts';
import { requireActor } from '../../http/http-context.ts';
import type { Actor } from '../../lib/ctx.ts';
import { actorForToken } from '../org/auth.ts';
import { unreadCount, inboxSince } from '../notifications/inbox-queries.ts';
import { liveBusFor, type LiveMessage, type Subscriber } from './live-bus.ts';
import { intakesBetween, visibleOrderIds } from './live-feed-queries.ts';

/**
 * A comment line this often keeps proxies from closing an idle stream. The session is checked
 * again every `reauthMs`: a stream left open for a day ends when its session does, and follows
 * role changes instead of keeping the rights it opened with. (Tests shorten both.)
 */
export const LIVE_TIMINGS = { heartbeatMs: 20_000, reauthMs: 60_000 };
const REPLAY_LIMIT = 200;

export const liveRoutes = router();

liveRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/live',
    tags: ['live'],
    summary: 'Server-sent events for the signed-in user',
    description:
      'Events: `hello` {unread, cursor}; `order.received` for every order taken in that you may see and `order.changed` for later steps ' +
      '({eventId, type, id, code, title, urgency, status, streetId, gridId, lon, lat, at}); `notification` (an inbox item) and `unread` {unread}; ' +
      '`resync` when more was missed than is replayed; `bye` {reason} before the server ends the stream. Each event id is a cursor: ' +
      'reconnecting with Last-Event-ID replays the orders taken in and the notifications missed. A comment line every 20 s keeps proxies from timing out.',
    request: {
      headers: z.object({ 'last-event-id': z.string().max(60).optional() }),
      query: z.object({ lastEventId: z.string().max(60).optional().openapi({ description: 'for clients that cannot set the header' }) }),
    },
    responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: z.string() } } }, ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = requireActor(c);
    const ctx = c.get('ctx');
    const token = c.get('token');
    const since = parseCursor(c.req.valid('header')['last-event-id'] ?? c.req.valid('query').lastEventId);
    const bus = liveBusFor(ctx.db, ctx.log);
    return streamSSE(c, async (stream) => {
      let done!: () => void;
      const ended = new Promise<void>((r) => (done = r));
      const id = () => {
        const k = bus.cursor();
        return `${k.e}-${k.n}`;
      };
      const write = (m: LiveMessage | { event: string; data: unknown }) => stream.writeSSE({ event: m.event, data: JSON.stringify(m.data), id: id() });
      // Until the replay is written, live messages wait here so they follow it in order.
      let queue: LiveMessage[] | null = [];
      let chain = Promise.resolve();
      const enqueue = (m: LiveMessage) => {
        chain = chain.then(() => write(m)).catch(() => undefined);
      };
      const sub: Subscriber = {
        actor,
        deliver: (m) => (queue ? queue.push(m) : enqueue(m)),
        close: (reason) => {
          enqueue({ event: 'bye', data: { reason } });
          void chain.then(() => done());
        },
      };
      stream.onAbort(() => done());
      try {
        await bus.subscribe(sub);
        const at = bus.cursor();
        await stream.writeSSE({ retry: 3000, event: 'hello', data: JSON.stringify({ unread: await unreadCount(ctx.db, actor.userId), cursor: at }), id: `${at.e}-${at.n}` });
        if (since) await replay(stream, sub.actor, since, at, write, ctx.db);
        const pending = queue;
        queue = null;
        for (const m of pending) {
          const repeated = since && ((m.event === 'order.received' && m.data.eventId <= at.e) || (m.event === 'notification' && m.data.id <= at.n));
          if (!repeated) enqueue(m);
        }
        const beat = setInterval(() => {
          chain = chain.then(() => stream.write(': ping\n\n')).then(() => undefined);
        }, LIVE_TIMINGS.heartbeatMs);
        const check = setInterval(() => {
          void recheck(token, sub).catch(() => undefined);
        }, LIVE_TIMINGS.reauthMs);
        await ended;
        clearInterval(beat);
        clearInterval(check);
      } finally {
        bus.unsubscribe(sub);
      }
    });

    async function recheck(t: string | null, sub: Subscriber) {
      const fresh: Actor | null = t ? await actorForToken(ctx.db, t, ctx.now()) : null;
      if (!fresh) return sub.close('session_expired');
      sub.actor = fresh;
    }
  },
);

async function replay(
  stream: SSEStreamingApi,
  actor: Actor,
  since: { e: number; n: number },
  upTo: { e: number; n: number },
  write: (m: LiveMessage | { event: string; data: unknown }) => Promise<void>,
  db: Parameters<typeof intakesBetween>[0],
): Promise<void> {
  const intakes = since.e < upTo.e ? await intakesBetween(db, since.e, upTo.e, REPLAY_LIMIT) : [];
  const visible = await visibleOrderIds(db, actor, intakes.map((e) => e.id));
  for (const e of intakes) if (visible.has(e.id)) await write({ event: 'order.received', data: e });
  const notes = since.n < upTo.n ? await inboxSince(db, actor.userId, since.n, REPLAY_LIMIT) : [];
  for (const n of notes) if (n.id <= upTo.n) await write({ event: 'notification', data: { ...n, userId: actor.userId } });
  if (intakes.length === REPLAY_LIMIT || notes.length === REPLAY_LIMIT) await write({ event: 'resync', data: {} });
  if (stream.aborted) return;
}

export function parseCursor(s: string | undefined): { e: number; n: number } | null {
  const m = s ? /^(\d{1,15})-(\d{1,15})$/.exec(s.trim()) : null;
  return m ? { e: Number(m[1]), n: Number(m[2]) } : null;
}
