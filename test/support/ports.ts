/**
 * Ports for services a test starts as child processes. Each is found free by
 * listening on it, and all are held at once until every one is found, so no
 * two are the same. They are drawn below the kernel's ephemeral range
 * (32768–60999 on Linux), where the children's own outgoing connections and
 * any port 0 they bind come from, so that those cannot take one meanwhile.
 */
import net from 'node:net';

const LOW = 20_000;
const HIGH = 32_000;

function listenOn(port: number): Promise<net.Server | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** One free port per name, distinct from each other. */
export async function reservePorts<K extends string>(names: readonly K[]): Promise<Record<K, number>> {
  const held = new Map<K, net.Server>();
  const ports = {} as Record<K, number>;
  try {
    for (const name of names) {
      for (let attempt = 0; !held.has(name); attempt += 1) {
        if (attempt > 200) throw new Error(`no free port found for ${name} between ${LOW} and ${HIGH}`);
        const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
        if (Object.values(ports).includes(port)) continue;
        const server = await listenOn(port);
        if (server) {
          held.set(name, server);
          ports[name] = port;
        }
      }
    }
    return ports;
  } finally {
    await Promise.all([...held.values()].map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

/** The ports `npm start` binds, as its environment variables name them. */
export const SERVICE_PORTS = ['API_PORT', 'TEMPORAL_PORT', 'TEMPORAL_UI_PORT', 'EMBEDDED_PG_PORT'] as const;
