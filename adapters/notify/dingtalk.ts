/**
 * 釘釘 (DingTalk) custom robot, signed ("加簽"): the URL gets `timestamp` (ms)
 * and `sign` = Base64(HMAC-SHA256(key = secret, `${timestamp}\n${secret}`)),
 * URL-encoded; the message goes as `msgtype: markdown` with a title. It
 * answers `{errcode, errmsg}` (310000 when the signature or time is wrong).
 */
import { createHmac } from 'node:crypto';
import type { Notifier } from './notifier';
import { postToRobot, robotMarkdown, RobotDeliveryError } from './robot-post';

export function dingtalkSignature(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** The robot URL with its signature parameters added. */
export function signedDingtalkUrl(address: string, secret: string, timestampMs: number): string {
  const url = new URL(address);
  url.searchParams.set('timestamp', String(timestampMs));
  url.searchParams.set('sign', dingtalkSignature(secret, timestampMs));
  return url.toString();
}

export function dingtalkDocument(title: string, text: string) {
  return { msgtype: 'markdown', markdown: { title, text } };
}

export function createDingtalkNotifier(options: { secret: string; timeoutMs?: number; now?: () => number }): Notifier {
  if (!options.secret) throw new Error('the DingTalk channel needs its robot signing secret (DINGTALK_SECRET)');
  const now = options.now ?? Date.now;
  return {
    async send(message) {
      if (!message.address) throw new RobotDeliveryError(`outbox row ${message.key} has no DingTalk robot URL`);
      const url = signedDingtalkUrl(message.address, options.secret, now());
      await postToRobot(url, dingtalkDocument(message.subject, robotMarkdown(message)), { robot: 'DingTalk (釘釘)', timeoutMs: options.timeoutMs ?? 10_000, codeOf: (a) => a.errcode });
    },
  };
}
