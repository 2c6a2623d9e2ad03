/**
 * Webhook channel: POSTs a JSON document to the row's address (a route's URL
 * or WEBHOOK_URL), signed with HMAC-SHA256 so that the receiver can check it
 * came from us, with the outbox key as Idempotency-Key so that it can drop a
 * repeat.
 *
 * No retries here: a non-2xx answer, a timeout or a network error throws, the
 * delivery activity records it and throws, and the activity's Temporal retry
 * policy supplies the backoff (same key each time).
 */
import { createHmac } from 'node:crypto';
import type { Notifier, OutgoingMessage } from './notifier';

export interface WebhookNotifierOptions {
  /** Shared secret for the signature (WEBHOOK_SECRET). */
  secret: string;
  /** Per request, default 10 s. */
  timeoutMs?: number;
  /** For the X-Timestamp header; default Date.now. */
  now?: () => number;
}

/** What the receiver gets, as JSON. */
export interface WebhookDocument {
  key: string;
  kind: string;
  campaignId: string;
  unitId: string | null;
  subject: string;
  body: string;
  payload: Record<string, unknown>;
  recipient: { role: string; id: string; name: string | null };
}

export function webhookDocument(message: OutgoingMessage): WebhookDocument {
  return {
    key: message.key,
    kind: message.kind,
    campaignId: message.campaignId,
    unitId: message.unitId,
    subject: message.subject,
    body: message.body,
    payload: message.payload,
    recipient: { role: message.recipientRole, id: message.recipientId, name: message.recipientName },
  };
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`: what X-Signature-256 carries. */
export function webhookSignature(secret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

export class WebhookDeliveryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'WebhookDeliveryError';
  }
}

export function createWebhookNotifier(options: WebhookNotifierOptions): Notifier {
  if (!options.secret) throw new Error('the webhook channel needs a secret (WEBHOOK_SECRET) to sign its messages');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? Date.now;
  return {
    async send(message) {
      if (!message.address) throw new WebhookDeliveryError(`outbox row ${message.key} has no webhook URL`);
      const raw = JSON.stringify(webhookDocument(message));
      let response: Response;
      try {
        response = await fetch(message.address, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'idempotency-key': message.key,
            'x-signature-256': webhookSignature(options.secret, raw),
            'x-timestamp': String(Math.floor(now() / 1000)),
          },
          body: raw,
          // A redirect is an answer we did not ask for: report it rather than re-POST elsewhere.
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message;
        throw new WebhookDeliveryError(`webhook ${message.address} for ${message.key}: ${reason}`);
      }
      if (response.status < 200 || response.status > 299) {
        const text = (await response.text().catch(() => '')).slice(0, 200);
        throw new WebhookDeliveryError(`webhook ${message.address} for ${message.key} answered ${response.status}${text ? `: ${text}` : ''}`, response.status);
      }
      // Drain the body so that the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
    },
  };
}
