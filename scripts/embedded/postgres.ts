/**
 * The embedded PostgreSQL of `npm start` when DATABASE_URL is not set: PGlite
 * (PostgreSQL compiled to WebAssembly) persisted under the data folder and
 * served over the PostgreSQL wire protocol, so the service uses the same `pg`
 * code path as against a real server.
 */
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: { dataDir: string; port: number }): Promise<EmbeddedPostgres> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir);
  // PGlite is one session; the socket server queues statements and keeps each
  // transaction on its own connection, so several pooled connections are safe.
  const server = new PGLiteSocketServer({ db, port: options.port, host: '127.0.0.1', maxConnections: 32 });
  await server.start();
  return {
    url: `postgres://postgres@127.0.0.1:${options.port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
