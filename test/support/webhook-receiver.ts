/** A real HTTP receiver on loopback that records the webhooks it gets (and can be told to fail). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  key: string;
  signature: string | undefined;
  rawBody: string;
  body: Record<string, unknown>;
  /** When it arrived (ms since the epoch). */
  at: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Answer the next `n` requests with HTTP 503. */
  failNext(n: number): void;
  close(): Promise<void>;
}

/**
 * `delayMs`: answer each request that long after it arrives (a slow receiver widens the window for a crash mid-send);
 * a function of the request's arrival index (0, 1, …) spreads the answers of requests that arrive together.
 */
export async function startWebhookReceiver(options: { delayMs?: number | ((index: number) => number) } = {}): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let failures = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      if (failures > 0) {
        failures -= 1;
        response.writeHead(503).end();
        return;
      }
      const rawBody = Buffer.concat(chunks).toString('utf8');
      received.push({
        key: String(request.headers['idempotency-key']),
        signature: request.headers['x-signature-256'] as string | undefined,
        rawBody,
        body: JSON.parse(rawBody),
        at: Date.now(),
      });
      const delay = typeof options.delayMs === 'function' ? options.delayMs(received.length - 1) : (options.delayMs ?? 0);
      setTimeout(() => response.writeHead(204).end(), delay);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/campaigns`,
    received,
    failNext: (n) => {
      failures = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
