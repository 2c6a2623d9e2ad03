/**
 * The one interface every notification channel implements, and the router
 * that picks the channel an outbox row names.
 */
import type { NotifyChannel, OutgoingMessage } from '../../domain/notifications';

export type { OutgoingMessage };

/**
 * Sends one message (an outbox row's, see adapters/storage/outbox.ts) to its recipient.
 *
 * - Every message carries `message.key` (an Idempotency-Key header for
 *   webhooks, a Message-ID derived from it for email), so that a receiver can
 *   drop a repeat: a send is repeated, with the same key, when a worker dies
 *   between the send and its record.
 * - Resolves only when the channel has accepted the message; throws otherwise.
 *   The caller records the failure and throws, and the activity's Temporal
 *   retry policy (its backoff) tries again. Channels do not retry themselves.
 */
export interface Notifier {
  send(message: OutgoingMessage): Promise<void>;
  /** Releases connections (SMTP); optional. */
  close?(): Promise<void>;
}

/** A message names a channel that this worker has no notifier for (e.g. webhook without WEBHOOK_SECRET). */
export class ChannelNotConfiguredError extends Error {
  constructor(readonly channel: string) {
    super(`no notifier is configured for channel "${channel}"`);
    this.name = 'ChannelNotConfiguredError';
  }
}

/** Routes each message to the notifier of its channel (`message.channel`). */
export function createNotifier(options: { channels: Partial<Record<NotifyChannel, Notifier>> }): Notifier & { close(): Promise<void> } {
  const { channels } = options;
  return {
    async send(message) {
      const notifier = channels[message.channel];
      if (!notifier) throw new ChannelNotConfiguredError(message.channel);
      await notifier.send(message);
    },
    async close() {
      await Promise.all(Object.values(channels).map((notifier) => notifier?.close?.()));
    },
  };
}
