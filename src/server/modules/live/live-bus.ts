import type { Db } from '../../db/client.ts';
import type { Actor, Logger } from '../../lib/ctx.ts';
import { AppError } from '../../lib/errors.ts';
import { unreadCount } from '../notifications/inbox-queries.ts';
import { IdCursor } from './id-cursor.ts';
import { LIVE_CHANNEL, parseWake } from './live-channel.ts';
import { onLocalWake } from './local-wake.ts';
import { eventsAfter, maxIds, notificationsAfter, visibilityKey, visibleOrderIds, type InboxItem, type OrderEvent } from './live-feed-queries.ts';

export const MAX_STREAMS_PER_USER = 6;
export const MAX_STREAMS = 2_000;
// What another server process wrote arrives within this; this process's own writes wake the bus
// at once (local-wake.ts).
const POLL_MS = 1_000;
const BATCH = 500;

export type LiveMessage =
  | { event: 'order.received' | 'order.changed'; data: OrderEvent }
  | { event: 'notification'; data: InboxItem }
  | { event: 'unread'; data: { unread: number } }
  | { event: 'bye'; data: { reason: string } };

export type Subscriber = {
  actor: Actor;
  /** Delivers one message; the stream adds the cursor as the SSE id. */
  deliver(m: LiveMessage): void;
  /** Ends the stream (too many streams for the user, server stopping). */
  close(reason: string): void;
};

/**
 * One per database handle in a process: reads new events and notifications by id after each
 * wake-up (this process's own writes, its poll, a user's read marks by LISTEN), and fans each out to the subscribers allowed to see it. It runs while
 * someone is subscribed and stops with the last one, so an idle server holds no connection.
 */
export class LiveBus {
  private subs = new Set<Subscriber>();
  private events = new IdCursor(0);
  private inbox = new IdCursor(0);
  private started: Promise<void> | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private unwake: (() => void) | null = null;
  private timer: NodeJS.Timeout | undefined;
  private pumping: Promise<void> | null = null;
  private again = false;
  private generation = 0;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly nowMs: () => number = Date.now,
  ) {}

  get size(): number {
    return this.subs.size;
  }

  /** The position a stream reports as its SSE id: `<events>-<notifications>`. */
  cursor(): { e: number; n: number } {
    return { e: this.events.last, n: this.inbox.last };
  }

  async subscribe(sub: Subscriber): Promise<void> {
    if (this.subs.size >= MAX_STREAMS) {
      throw new AppError('too_many_streams', 'Too many live connections on this server; try again shortly.', {}, '实时连接过多，请稍后再试。');
    }
    const mine = [...this.subs].filter((s) => s.actor.userId === sub.actor.userId);
    // The oldest of a user's streams gives way: a forgotten tab should not lock out the new one.
    for (const old of mine.slice(0, Math.max(0, mine.length - MAX_STREAMS_PER_USER + 1))) {
      this.subs.delete(old);
      old.close('too_many_streams');
    }
    this.subs.add(sub);
    await this.start();
  }

  unsubscribe(sub: Subscriber): void {
    this.subs.delete(sub);
    if (this.subs.size === 0) void this.stop();
  }

  /** Ends every stream with a `bye` (a server going down): clients reconnect to another process, and the drain need not wait for them. */
  closeAll(reason: string): void {
    for (const s of [...this.subs]) s.close(reason);
  }

  private start(): Promise<void> {
    if (this.started) return this.started;
    const gen = ++this.generation;
    this.started = (async () => {
      const ids = await maxIds(this.db);
      this.events = new IdCursor(ids.e);
      this.inbox = new IdCursor(ids.n);
      this.timer = setInterval(() => this.wake(), POLL_MS);
      this.timer.unref();
      this.unwake = onLocalWake(this.db, () => this.wake());
      if (this.db.listen) {
        try {
          const un = await this.db.listen(LIVE_CHANNEL, (p) => this.onNotify(p));
          if (gen !== this.generation) await un();
          else this.unlisten = un;
        } catch (e) {
          this.log.warn('live updates poll only: listen failed', { error: String(e) });
        }
      }
    })();
    this.started.catch(() => {
      this.started = null;
    });
    return this.started;
  }

  private async stop(): Promise<void> {
    this.generation++;
    clearInterval(this.timer);
    this.unwake?.();
    this.unwake = null;
    const un = this.unlisten;
    this.unlisten = null;
    this.started = null;
    await un?.().catch(() => undefined);
  }

  private onNotify(payload: string): void {
    const w = parseWake(payload);
    if (!w) return;
    if (w.kind === 'read') void this.pushUnread([w.userId]).catch((e: unknown) => this.log.warn('live unread failed', { error: String(e) }));
    else this.wake();
  }

  /** Coalesces wake-ups: one read at a time, and one more if woken meanwhile. */
  wake(): void {
    if (!this.subs.size) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.pump()
      .catch((e: unknown) => this.log.warn('live read failed', { error: String(e) }))
      .finally(() => {
        this.pumping = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Waits for the current read (tests use it to know that everything committed has been fanned out). */
  async settle(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  private async pump(): Promise<void> {
    await this.started;
    for (let round = 0; round < 20; round++) {
      const now = this.nowMs();
      const evs = await eventsAfter(this.db, this.events.last, this.events.pending(now), BATCH);
      const freshE = this.events.advance(evs.map((e) => e.eventId), now);
      const notes = await notificationsAfter(this.db, this.inbox.last, this.inbox.pending(now), BATCH);
      const freshN = this.inbox.advance(notes.map((n) => n.id), now);
      await this.fanOutEvents(evs.filter((e) => freshE.has(e.eventId)));
      await this.fanOutNotifications(notes.filter((n) => freshN.has(n.id)));
      if (evs.length < BATCH && notes.length < BATCH) return;
    }
  }

  private async fanOutEvents(evs: OrderEvent[]): Promise<void> {
    if (!evs.length || !this.subs.size) return;
    const orderIds = [...new Set(evs.map((e) => e.id))];
    const groups = new Map<string, Subscriber[]>();
    for (const s of this.subs) {
      const k = visibilityKey(s.actor);
      groups.set(k, [...(groups.get(k) ?? []), s]);
    }
    for (const members of groups.values()) {
      const visible = await visibleOrderIds(this.db, members[0].actor, orderIds);
      for (const e of evs) {
        if (!visible.has(e.id)) continue;
        const m: LiveMessage = { event: e.type === 'work_order.received' ? 'order.received' : 'order.changed', data: e };
        for (const s of members) if (this.subs.has(s)) s.deliver(m);
      }
    }
  }

  private async fanOutNotifications(notes: InboxItem[]): Promise<void> {
    const listening = new Set([...this.subs].map((s) => s.actor.userId));
    const mine = notes.filter((n) => listening.has(n.userId));
    for (const n of mine) for (const s of this.subs) if (s.actor.userId === n.userId) s.deliver({ event: 'notification', data: n });
    await this.pushUnread([...new Set(mine.map((n) => n.userId))]);
  }

  private async pushUnread(userIds: number[]): Promise<void> {
    for (const userId of userIds) {
      const targets = [...this.subs].filter((s) => s.actor.userId === userId);
      if (!targets.length) continue;
      const unread = await unreadCount(this.db, userId);
      for (const s of targets) s.deliver({ event: 'unread', data: { unread } });
    }
  }
}

const buses = new WeakMap<Db, LiveBus>();

/** Ends the live streams of a database handle, if it has any. */
export function endLiveStreams(db: Db, reason = 'shutdown'): void {
  buses.get(db)?.closeAll(reason);
}

export function liveBusFor(db: Db, log: Logger): LiveBus {
  let bus = buses.get(db);
  if (!bus) {
    bus = new LiveBus(db, log);
    buses.set(db, bus);
  }
  return bus;
}
