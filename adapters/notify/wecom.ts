/**
 * 企業微信 (WeCom) group robot: the route's address is the robot's webhook URL
 * (`…/cgi-bin/webhook/send?key=…`; the key in it is the robot's only secret),
 * and the message goes as `msgtype: markdown`. It answers `{errcode, errmsg}`.
 */
import type { Notifier } from './notifier';
import { postToRobot, robotMarkdown, RobotDeliveryError } from './robot-post';

/** WeCom caps a Markdown message at 4,096 bytes of UTF-8. */
const WECOM_MARKDOWN_BYTES = 4096;

export function wecomDocument(content: string) {
  return { msgtype: 'markdown', markdown: { content } };
}

export function createWecomNotifier(options: { timeoutMs?: number } = {}): Notifier {
  return {
    async send(message) {
      if (!message.address) throw new RobotDeliveryError(`outbox row ${message.key} has no WeCom robot URL`);
      const content = robotMarkdown(message);
      // Refused whole rather than cut: a notice is never half-sent.
      if (Buffer.byteLength(content, 'utf8') > WECOM_MARKDOWN_BYTES) throw new RobotDeliveryError(`the notice is longer than WeCom's ${WECOM_MARKDOWN_BYTES} bytes`);
      await postToRobot(message.address, wecomDocument(content), { robot: 'WeCom (企業微信)', timeoutMs: options.timeoutMs ?? 10_000, codeOf: (a) => a.errcode });
    },
  };
}
