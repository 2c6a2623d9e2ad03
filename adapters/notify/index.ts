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
import { createWecomNotifier } from './wecom';
import { createDingtalkNotifier } from './dingtalk';
import { createFeishuNotifier } from './feishu';

export { createNotifier, ChannelNotConfiguredError, type Notifier, type OutgoingMessage } from './notifier';
export { createConsoleNotifier, consoleLine, type LineLogger } from './console';
export { createWebhookNotifier, webhookSignature, webhookDocument, WebhookDeliveryError, type WebhookDocument } from './webhook';
export { createSmtpNotifier, messageIdFor } from './smtp';
export { createWecomNotifier, wecomDocument } from './wecom';
export { createDingtalkNotifier, dingtalkSignature, signedDingtalkUrl } from './dingtalk';
export { createFeishuNotifier, feishuSignature } from './feishu';
export { RobotDeliveryError, robotMarkdown } from './robot-post';

/** The part of config/env.ts this needs (same names). */
export interface NotifyConfig {
  NOTIFY_CHANNEL: NotifyChannel;
  WEBHOOK_URL?: string;
  WEBHOOK_SECRET?: string;
  SMTP_URL?: string;
  MAIL_FROM: string;
  DINGTALK_SECRET?: string;
  FEISHU_SECRET?: string;
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
  Object.assign(channels, robotChannels(config));
  return {
    notifier: createNotifier({ channels }),
    outboxDefaults: { channel: config.NOTIFY_CHANNEL, webhookUrl: config.WEBHOOK_URL ?? null },
  };
}

/** The group robots: WeCom always (its key is in the URL); DingTalk and Feishu when their signing secret is set. */
export function robotChannels(config: Pick<NotifyConfig, 'DINGTALK_SECRET' | 'FEISHU_SECRET'>): Partial<Record<NotifyChannel, Notifier>> {
  return {
    wecom: createWecomNotifier(),
    ...(config.DINGTALK_SECRET ? { dingtalk: createDingtalkNotifier({ secret: config.DINGTALK_SECRET }) } : {}),
    ...(config.FEISHU_SECRET ? { feishu: createFeishuNotifier({ secret: config.FEISHU_SECRET }) } : {}),
  };
}

const SECRET_VARIABLE: Partial<Record<NotifyChannel, string>> = { webhook: 'WEBHOOK_SECRET', dingtalk: 'DINGTALK_SECRET', feishu: 'FEISHU_SECRET' };

/** Sends one test notice through a channel to an address, and says what went wrong, naming the variable to set; never the secret. */
export type ChannelTester = (channel: NotifyChannel, address: string) => Promise<{ delivered: boolean; problem: string | null }>;

export function createChannelTester(config: Pick<NotifyConfig, 'WEBHOOK_SECRET' | 'DINGTALK_SECRET' | 'FEISHU_SECRET'>): ChannelTester {
  const channels: Partial<Record<NotifyChannel, Notifier>> = { ...robotChannels(config), ...(config.WEBHOOK_SECRET ? { webhook: createWebhookNotifier({ secret: config.WEBHOOK_SECRET }) } : {}) };
  return async (channel, address) => {
    const notifier = channels[channel];
    if (!notifier) return { delivered: false, problem: `${SECRET_VARIABLE[channel] ?? channel} is not set on the server: nothing was sent; set it and restart the worker and the API` };
    try {
      await notifier.send({
        key: `test-send/${channel}/${Date.now()}`,
        campaignId: '(test)',
        unitId: null,
        kind: 'test',
        recipientRole: 'office',
        recipientId: 'office',
        recipientName: null,
        channel,
        address,
        subject: '測試通知 (test notice)',
        body: '這是一條測試通知，確認通知渠道可用。 (A test notice: the channel works.)',
        payload: {},
        note: null,
      });
      return { delivered: true, problem: null };
    } catch (error) {
      return { delivered: false, problem: (error as Error).message };
    }
  };
}
