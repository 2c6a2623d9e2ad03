/**
 * Email channel over SMTP (nodemailer, SMTP_URL). The Message-ID is derived
 * from the outbox key, `<sha256(key)@campaigns.invalid>`, and the key itself
 * travels as X-Idempotency-Key: a repeated send is the same message to a mail
 * system that drops duplicates by Message-ID, and recognisable to a person.
 *
 * No retries here: a failure throws, and the delivery activity's Temporal
 * retry policy supplies the backoff (same key, same Message-ID).
 */
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Notifier } from './notifier';

export interface SmtpNotifierOptions {
  /** e.g. smtp://user:pass@mail.example.cn:587 (SMTP_URL). */
  url: string;
  /** Sender (MAIL_FROM). */
  from: string;
  /** Whole send, from connecting to the server's last reply; default 30 s. */
  timeoutMs?: number;
}

/** The deterministic Message-ID of an outbox key. */
export function messageIdFor(key: string): string {
  return `<${createHash('sha256').update(key, 'utf8').digest('hex')}@campaigns.invalid>`;
}

export function createSmtpNotifier(options: SmtpNotifierOptions): Notifier & { close(): Promise<void> } {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const transport = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: Math.min(timeoutMs, 10_000),
    greetingTimeout: Math.min(timeoutMs, 10_000),
    socketTimeout: timeoutMs,
  });
  return {
    async send(message) {
      if (!message.address) throw new Error(`outbox row ${message.key} has no email address`);
      try {
        await transport.sendMail({
          from: options.from,
          to: message.recipientName ? { name: message.recipientName, address: message.address } : message.address,
          subject: message.subject,
          text: message.body,
          messageId: messageIdFor(message.key),
          headers: { 'X-Idempotency-Key': message.key },
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const permanent = (error as { permanent?: boolean }).permanent ? ' (permanent: the server will refuse it again)' : '';
        throw new Error(`email to ${message.address} for ${message.key}: ${(error as Error).message}${permanent}`, { cause: error });
      }
    },
    async close() {
      transport.close();
    },
  };
}
