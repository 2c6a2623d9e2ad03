/**
 * The embedded default channel: one line per message to a logger (stdout
 * unless another is given). Nothing leaves the machine.
 */
import type { Notifier, OutgoingMessage } from './notifier';

export interface LineLogger {
  info(line: string): void;
}

const stdoutLogger: LineLogger = { info: (line) => console.log(line) };

const oneLine = (text: string) => text.replace(/\s*\r?\n\s*/g, ' / ').trim();

/** The line written for a message: key, recipient, subject and body on one line. */
export function consoleLine(message: OutgoingMessage): string {
  const who = `${message.recipientRole}:${message.recipientId}${message.recipientName ? ` (${message.recipientName})` : ''}`;
  const note = message.note ? ` [note: ${message.note}]` : '';
  return `[notify] ${message.key} → ${who} [${message.kind}] ${oneLine(message.subject)} | ${oneLine(message.body)}${note}`;
}

export function createConsoleNotifier(options: { logger?: LineLogger } = {}): Notifier {
  const logger = options.logger ?? stdoutLogger;
  return {
    async send(message) {
      logger.info(consoleLine(message));
    },
  };
}
