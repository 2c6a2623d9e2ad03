/**
 * The API server keeps an idle keep-alive connection open for 15 s (api/server.ts):
 * a client that pauses a few seconds between requests reuses its socket instead
 * of writing into one the server has just closed (a reset); and idle sockets are
 * still closed in the end, so they do not pile up. A real socket against the real server.
 */
import net from 'node:net';
import { startApiServer, type RunningServer } from '../../api/server';

jest.setTimeout(40_000);

let server: RunningServer;

beforeAll(async () => {
  server = await startApiServer((_req, res) => res.end('ok'), { port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await server?.close(100);
});

/** A raw connection that records each answer and when the server closed it. */
function connect(port: number): Promise<{ socket: net.Socket; answers: string[]; closedAt: () => number | undefined }> {
  return new Promise((resolve, reject) => {
    const answers: string[] = [];
    let closedAt: number | undefined;
    const socket = net.connect(port, '127.0.0.1', () => resolve({ socket, answers, closedAt: () => closedAt }));
    socket.on('data', (chunk) => answers.push(chunk.toString('latin1')));
    socket.on('close', () => (closedAt ??= Date.now()));
    socket.on('error', () => (closedAt ??= Date.now()));
    socket.once('error', reject);
  });
}

async function ask(socket: net.Socket, answers: string[]): Promise<string> {
  const before = answers.length;
  socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
  const deadline = Date.now() + 5_000;
  while (answers.length === before && Date.now() < deadline && !socket.destroyed) await new Promise((r) => setTimeout(r, 20));
  return answers.slice(before).join('');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('when a client is idle for 7 s between two requests, then the second one is answered on the same connection', async () => {
  const { socket, answers, closedAt } = await connect(server.port);
  try {
    expect(await ask(socket, answers)).toMatch(/^HTTP\/1\.1 200/);
    await sleep(7_000);
    expect(closedAt()).toBeUndefined();
    expect(await ask(socket, answers)).toMatch(/^HTTP\/1\.1 200/);
  } finally {
    socket.destroy();
  }
});

test('when a connection stays idle, then the server closes it after about 15 s', async () => {
  const { socket, answers, closedAt } = await connect(server.port);
  try {
    expect(await ask(socket, answers)).toMatch(/^HTTP\/1\.1 200/);
    const idleFrom = Date.now();
    while (closedAt() === undefined && Date.now() - idleFrom < 25_000) await sleep(100);
    const idleMs = (closedAt() ?? Number.POSITIVE_INFINITY) - idleFrom;
    expect(idleMs).toBeGreaterThanOrEqual(14_000);
    expect(idleMs).toBeLessThan(20_000);
  } finally {
    socket.destroy();
  }
});
