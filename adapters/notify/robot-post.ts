/**
 * What the three group robots (企業微信, 釘釘, 飛書) share: a Markdown text of
 * the message with its Chinese labels, and one POST whose JSON answer says
 * whether the robot took it (HTTP 200 with an error code is a refusal).
 * No retries here, as for webhooks: the delivery activity's retry policy
 * supplies them, with the same outbox key.
 */
import type { OutgoingMessage } from './notifier';

export class RobotDeliveryError extends Error {
  constructor(
    message: string,
    /** The robot's own error code, when it answered with one. */
    readonly code?: number,
  ) {
    super(message);
    this.name = 'RobotDeliveryError';
  }
}

/** The message as Markdown: subject in bold, the body, then where it is about and its key (a repeat shows the same key). */
export function robotMarkdown(message: OutgoingMessage): string {
  const about = [`活動 (campaign): ${message.campaignId}`, ...(message.unitId ? [`單位 (unit): ${message.unitId}`] : [])].join(' · ');
  return [`**${message.subject}**`, '', message.body, '', `> ${about}`, `> 通知編號 (notice key): ${message.key}`].join('\n');
}

/** Posts `document` and reads the robot's answer; `codeOf` picks its error code (0 is accepted). */
export async function postToRobot(
  url: string,
  document: unknown,
  options: { robot: string; timeoutMs: number; codeOf: (answer: Record<string, unknown>) => unknown },
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(document),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new RobotDeliveryError(`${options.robot} robot unreachable: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) throw new RobotDeliveryError(`${options.robot} robot answered HTTP ${response.status}`);
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new RobotDeliveryError(`${options.robot} robot answered something that is not JSON`);
  }
  const code = Number(options.codeOf(answer) ?? 0);
  if (code !== 0) {
    const said = String(answer.errmsg ?? answer.msg ?? '').slice(0, 200);
    throw new RobotDeliveryError(`${options.robot} robot refused the message (code ${code}${said ? `: ${said}` : ''})`, code);
  }
}
