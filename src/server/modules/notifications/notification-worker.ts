import type { Ctx } from '../../lib/ctx.ts';
import { onLocalWake, wakeLocal } from '../live/local-wake.ts';
import { consumeWorkOrderNotices } from './work-order-notices.ts';
import { consumeRequesterNotices } from './requester-notices.ts';
import { deliverOutbound } from './outbound-delivery.ts';
import type { OutboundSender } from './outbound-sender.ts';

/**
 * Runs the work-order notice consumer and the outbound sender in the background: woken at once
 * when this process commits a change, and every `pollMs` for what other processes wrote. Runs never overlap;
 * a wake-up during a run causes one more run after it.
 */
export function startNotificationWorker(ctx: Ctx, sender: OutboundSender | null, pollMs = 2_000): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;

  const run = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        const r = await consumeWorkOrderNotices(ctx);
        if (r.consumed) ctx.log.info('work-order notices', { consumed: r.consumed, checkpoint: r.checkpoint });
        const q = await consumeRequesterNotices(ctx);
        if (q.consumed) ctx.log.info('requester notices', { consumed: q.consumed, checkpoint: q.checkpoint });
        if (r.consumed || q.consumed) wakeLocal(ctx.db, 'notifications');
        if (sender) {
          const d = await deliverOutbound(ctx, sender);
          if (d.sent || d.failed) ctx.log.info('outbound delivered', d);
        }
      } catch (e) {
        if (!stopped) ctx.log.error('notification worker failed', { error: String(e) });
      }
    })().finally(() => {
      running = null;
      if (again && !stopped) {
        again = false;
        run();
      }
    });
  };

  const timer = setInterval(run, pollMs);
  timer.unref();
  const unwake = onLocalWake(ctx.db, (kind) => {
    if (kind === 'events') run();
  });
  run();

  return async () => {
    stopped = true;
    clearInterval(timer);
    unwake();
    await running;
  };
}
