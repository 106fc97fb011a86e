import type { Ctx } from '../../lib/ctx.ts';
import type { OutboundChannel } from './notify.ts';
import type { OutboundSender } from './outbound-sender.ts';

export const MAX_ATTEMPTS = 5;

type Pending = { id: number; outbound: OutboundChannel[]; title: string; body: string | null; link: string | null; phone: string | null; outbound_attempts: number };

export type DeliveryResult = { sent: number; failed: number; skipped: number };

/**
 * Sends the notifications that asked to go out and are not yet sent. Rows are claimed with
 * SKIP LOCKED, so two processes never send the same one; a failed send counts an attempt and is
 * retried on the next run, up to MAX_ATTEMPTS. A message sent just before a crash may go twice
 * (at least once): for an overdue order a second SMS beats none.
 */
export async function deliverOutbound(ctx: Ctx, sender: OutboundSender, limit = 50): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, failed: 0, skipped: 0 };
  await ctx.db.transaction(async (tx) => {
    const rows = (
      await tx.query<Pending>(
        `select n.id, n.outbound, n.title, n.body, n.link, u.phone, n.outbound_attempts
         from notifications n join users u on u.id = n.user_id
         where n.outbound is not null and n.outbound_sent_at is null and n.outbound_attempts < $1
         order by n.id limit $2 for update of n skip locked`,
        [MAX_ATTEMPTS, limit],
      )
    ).rows;
    for (const r of rows) {
      const outcomes: string[] = [];
      let failed = false;
      for (const channel of r.outbound) {
        // Users have a phone on file; e-mail addresses are not kept yet.
        const to = channel === 'sms' ? r.phone : null;
        if (!to) {
          outcomes.push(`${channel}:no_address`);
          continue;
        }
        try {
          await sender.send({ channel, to, subject: r.title, text: [r.title, r.body, r.link].filter(Boolean).join('\n'), notificationId: r.id });
          outcomes.push(`${channel}:sent`);
        } catch (e) {
          failed = true;
          outcomes.push(`${channel}:${String((e as Error).message ?? e).slice(0, 200)}`);
        }
      }
      if (failed) {
        result.failed++;
        await tx.query('update notifications set outbound_attempts = outbound_attempts + 1, outbound_result = $2 where id = $1', [r.id, outcomes.join('; ')]);
      } else {
        if (outcomes.every((o) => o.endsWith(':no_address'))) result.skipped++;
        else result.sent++;
        await tx.query('update notifications set outbound_sent_at = $2, outbound_attempts = outbound_attempts + 1, outbound_result = $3 where id = $1', [r.id, ctx.now(), outcomes.join('; ')]);
      }
    }
  });
  return result;
}
