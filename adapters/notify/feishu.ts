/**
 * 飛書 (Feishu/Lark) custom bot with signature verification ("簽名校驗"): the
 * body carries `timestamp` (seconds) and `sign` = Base64(HMAC-SHA256(key =
 * `${timestamp}\n${secret}`, empty message)); the notice goes as an
 * interactive card with a Markdown element. It answers `{code, msg}` (19021
 * when the signature is wrong).
 */
import { createHmac } from 'node:crypto';
import type { Notifier } from './notifier';
import { postToRobot, robotMarkdown, RobotDeliveryError } from './robot-post';

export function feishuSignature(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

export function feishuDocument(title: string, markdown: string, signature: { timestamp: number; sign: string }) {
  return {
    timestamp: String(signature.timestamp),
    sign: signature.sign,
    msg_type: 'interactive',
    card: {
      header: { title: { tag: 'plain_text', content: title } },
      elements: [{ tag: 'markdown', content: markdown }],
    },
  };
}

export function createFeishuNotifier(options: { secret: string; timeoutMs?: number; now?: () => number }): Notifier {
  if (!options.secret) throw new Error('the Feishu channel needs its bot signing secret (FEISHU_SECRET)');
  const now = options.now ?? Date.now;
  return {
    async send(message) {
      if (!message.address) throw new RobotDeliveryError(`outbox row ${message.key} has no Feishu bot URL`);
      const timestamp = Math.floor(now() / 1000);
      const document = feishuDocument(message.subject, robotMarkdown(message), { timestamp, sign: feishuSignature(options.secret, timestamp) });
      await postToRobot(message.address, document, { robot: 'Feishu (飛書)', timeoutMs: options.timeoutMs ?? 10_000, codeOf: (a) => a.code });
    },
  };
}
