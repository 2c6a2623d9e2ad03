/**
 * The client connection (config/temporal-connection.ts) comes back soon after
 * the Temporal server restarts: a call made while the server is down is answered
 * within about a second of the server listening again, not after the SDK's
 * default backoff (reconnects up to 120 s apart, retries up to 5 s apart).
 * A real Temporal dev server, killed and started again on the same port and file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectTemporal, TEMPORAL_RECONNECT_MAX_MS } from '../../config/temporal-connection';
import { Scope, sleep, startTemporal, type TemporalServer } from '../chaos/stack';

jest.setTimeout(120_000);

const scope = new Scope();
let server: TemporalServer;

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-reconnect-'));
  scope.defer(async () => fs.rmSync(dir, { recursive: true, force: true }));
  server = await startTemporal(scope, dir);
});

afterAll(() => scope.close());

test('when the server is down for 10 s, then a call made meanwhile is answered within about a second of its return', async () => {
  const connection = await connectTemporal(server.address);
  try {
    await connection.workflowService.getSystemInfo({});
    await server.stop(true);
    let answeredAt = 0;
    const call = connection.workflowService.getSystemInfo({}).then(() => (answeredAt = Date.now()));
    await sleep(10_000);
    expect(answeredAt).toBe(0);
    await server.start(); // resolves once the port accepts connections
    const backAt = Date.now();
    await call;
    console.log(`answered ${answeredAt - backAt} ms after the server was back`);
    // One reconnect interval plus the retry interval, and the server's own warm-up.
    expect(answeredAt - backAt).toBeLessThan(2 * TEMPORAL_RECONNECT_MAX_MS + 500);
  } finally {
    await connection.close();
  }
});
