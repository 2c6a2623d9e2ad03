/** Listens with an app and closes cleanly: for the entry point and for tests (port 0 picks a free port). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';

export interface RunningServer {
  /** e.g. http://127.0.0.1:3000 */
  url: string;
  port: number;
  /** Stops accepting connections, lets requests in flight finish (up to `graceMs`), then closes. */
  close(graceMs?: number): Promise<void>;
}

export async function startApiServer(app: RequestListener, options: { port: number; host: string }): Promise<RunningServer> {
  const server = http.createServer(app);
  // A client that trickles its headers or body is cut off (slowloris); the app's own deadline covers the answer.
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  // Node 20 closes an idle keep-alive socket after 5 s; a client that pauses longer (a busy
  // event loop, a batch being built) then writes its next request on a socket the server has
  // just closed and sees a reset. 15 s covers such pauses and stays under common proxy idle
  // timeouts (60 s), which must stay longer than this one so the proxy never reuses a closed socket.
  server.keepAliveTimeout = 15_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    close(graceMs = 10_000) {
      closing ??= new Promise<void>((resolve, reject) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.close((error) => {
          clearTimeout(force);
          if (error) reject(error);
          else resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
