/**
 * A TCP proxy on loopback in front of PostgreSQL, so that an outage can be
 * made for the service alone: `cut()` drops every connection and refuses new
 * ones (the port is closed), `restore()` listens again on the same port. The
 * machine's shared server is never touched.
 */
import net from 'node:net';
import { reservePorts } from '../support/ports';
import type { Scope } from './stack';

export interface Proxy {
  port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
}

export async function startProxy(scope: Scope, target: { host: string; port: number }): Promise<Proxy> {
  const { port } = await reservePorts(['port'] as const);
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const cut = async () => {
    const closing = server ? new Promise<void>((resolve) => server!.close(() => resolve())) : Promise.resolve();
    for (const s of sockets) s.destroy();
    await closing;
    server = undefined;
  };
  await listen();
  scope.defer(cut);
  return { port, cut, restore: listen };
}
