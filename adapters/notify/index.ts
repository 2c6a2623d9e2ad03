/**
 * Builds the notification channels from the configuration: console always,
 * webhook when WEBHOOK_SECRET is set, smtp when SMTP_URL is set; and the
 * outbox defaults (NOTIFY_CHANNEL, WEBHOOK_URL) that decide where a recipient
 * without a route is reached. Built once, in worker/.
 */
import type { NotifyChannel, NotifyDefaults } from '../../domain/notifications';
import { createConsoleNotifier, type LineLogger } from './console';
import { createNotifier, type Notifier } from './notifier';
import { createSmtpNotifier } from './smtp';
import { createWebhookNotifier } from './webhook';

export { createNotifier, ChannelNotConfiguredError, type Notifier, type OutgoingMessage } from './notifier';
export { createConsoleNotifier, consoleLine, type LineLogger } from './console';
export { createWebhookNotifier, webhookSignature, webhookDocument, WebhookDeliveryError, type WebhookDocument } from './webhook';
export { createSmtpNotifier, messageIdFor } from './smtp';

/** The part of config/env.ts this needs (same names). */
export interface NotifyConfig {
  NOTIFY_CHANNEL: NotifyChannel;
  WEBHOOK_URL?: string;
  WEBHOOK_SECRET?: string;
  SMTP_URL?: string;
  MAIL_FROM: string;
}

export interface Notifications {
  notifier: Notifier & { close(): Promise<void> };
  /** Pass to enqueueInTransaction / createOutbox. */
  outboxDefaults: NotifyDefaults;
}

/** Fails fast, naming the variable, when the default channel cannot work. */
export function createNotificationsFromConfig(config: NotifyConfig, options: { logger?: LineLogger } = {}): Notifications {
  const problems: string[] = [];
  if (config.NOTIFY_CHANNEL === 'webhook') {
    if (!config.WEBHOOK_URL) problems.push('WEBHOOK_URL is required when NOTIFY_CHANNEL=webhook');
    if (!config.WEBHOOK_SECRET) problems.push('WEBHOOK_SECRET is required when NOTIFY_CHANNEL=webhook (messages are signed)');
  }
  if (config.NOTIFY_CHANNEL === 'smtp' && !config.SMTP_URL) problems.push('SMTP_URL is required when NOTIFY_CHANNEL=smtp');
  if (problems.length) throw new Error(`invalid notification configuration:\n  ${problems.join('\n  ')}`);

  const channels: Partial<Record<NotifyChannel, Notifier>> = { console: createConsoleNotifier({ logger: options.logger }) };
  if (config.WEBHOOK_SECRET) channels.webhook = createWebhookNotifier({ secret: config.WEBHOOK_SECRET });
  if (config.SMTP_URL) channels.smtp = createSmtpNotifier({ url: config.SMTP_URL, from: config.MAIL_FROM });
  return {
    notifier: createNotifier({ channels }),
    outboxDefaults: { channel: config.NOTIFY_CHANNEL, webhookUrl: config.WEBHOOK_URL ?? null },
  };
}
