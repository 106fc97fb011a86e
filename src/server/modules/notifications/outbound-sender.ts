import type { Logger } from '../../lib/ctx.ts';
import type { OutboundChannel } from './notify.ts';

export type OutboundMessage = {
  channel: OutboundChannel;
  /** A phone number for SMS, an address for e-mail. */
  to: string;
  subject: string;
  text: string;
  /** The notification this delivers; none for a one-time sign-in code, which is sent at once and never stored. */
  notificationId?: number;
};

/**
 * Where SMS and e-mail go. An installation plugs in its gateway (the city's SMS platform, an
 * SMTP relay) behind this; `send` throws when the gateway refused, and the message is retried.
 */
export interface OutboundSender {
  readonly name: string;
  send(m: OutboundMessage): Promise<void>;
}

/** For development and demos: the message goes to the log instead of a phone. */
export function logSender(log: Logger): OutboundSender {
  return {
    name: 'log',
    async send(m) {
      log.info('outbound message', { channel: m.channel, to: m.to, subject: m.subject, text: m.text, notificationId: m.notificationId });
    },
  };
}

/** Sends nothing and marks nothing sent: messages wait until a real sender is configured. */
export const noSender: OutboundSender | null = null;

export type SenderName = 'log' | 'none';

export function senderFor(name: SenderName, log: Logger): OutboundSender | null {
  return name === 'log' ? logSender(log) : noSender;
}
