/**
 * `npm run bench:board`: the overdue dashboard's latency through its HTTP
 * route over a generated read model of 101,011 units, in a throw-away database
 * on the PostgreSQL at TEST_PG_ADMIN_URL (default 127.0.0.1:5432). Prints the
 * median and p95 of each case, before and after VACUUM; asserts nothing.
 */
import type { Client } from '@temporalio/client';
import request from 'supertest';
import { createStorage } from '../adapters/storage';
import { createUsersRepository } from '../adapters/storage/users-repository';
import { createApp } from '../api/app';
import { BOARD_CAMPAIGN, BOARD_REGION_SUPERVISOR, BOARD_TOTAL_UNITS, generateBoardReadModel } from '../test/support/board-read-model';
import { createTestDatabase } from '../test/support/database';

const RUNS = 15;

/** Median and 95th percentile of `runs` timed calls, after warming up. */
async function timed(runs: number, call: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < 3; i += 1) await call();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await call();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(runs / 2)], p95: samples[Math.ceil(runs * 0.95) - 1] };
}

async function main() {
  const db = await createTestDatabase({ prefix: 'board_bench' });
  const stop = async () => db.drop().catch(() => undefined);
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    await generateBoardReadModel(db.pool);
    const users = createUsersRepository(db.pool);
    await users.createUser({ id: 'office', name: '活動辦', role: 'admin' });
    await users.createUser({ id: BOARD_REGION_SUPERVISOR, name: '片區書記', role: 'supervisor' });
    const office = await users.issueToken('office');
    const supervisor = await users.issueToken(BOARD_REGION_SUPERVISOR);
    // The dashboard never calls Temporal.
    const app = createApp({ temporal: {} as Client, storage: createStorage(db.pool), taskQueue: 'unused', checkTemporal: async () => true, logger: { error: () => undefined, warn: () => undefined } });
    const get = (token: string, query: string) => () =>
      request(app)
        .get(`/campaigns/${BOARD_CAMPAIGN}/overdue${query}`)
        .set('Authorization', `Bearer ${token}`)
        .then((res) => {
          if (res.status !== 200) throw new Error(`${query}: ${res.status} ${res.text}`);
        });
    const cases: Array<[string, () => Promise<void>]> = [
      ['whole campaign (101,011 units), first page of 50 + counts', get(office, '?limit=50')],
      ['whole campaign, red only, page of 50', get(office, '?light=red&limit=50')],
      ['whole campaign, rung=accountability, page of 50', get(office, '?rung=accountability&limit=50')],
      ['whole campaign, a page deep in the tree (after g7-c50)', get(office, '?afterUnitId=g7-c50&limit=50')],
      ['region subtree (10,101 units) as its supervisor', get(supervisor, '?subtreeRootId=g3&limit=50')],
      ['committee subtree (101 units)', get(office, '?subtreeRootId=g3-c42&limit=50')],
    ];
    const lines: string[] = [];
    const measure = async (when: string) => {
      lines.push(when);
      for (const [name, call] of cases) {
        const { median, p95 } = await timed(RUNS, call);
        lines.push(`  ${name.padEnd(62)} median ${median.toFixed(1).padStart(6)} ms   p95 ${p95.toFixed(1).padStart(6)} ms`);
      }
    };
    await measure('right after the bulk load (visibility map not set: counts read the heap)');
    // What autovacuum does in steady state: the counts become index-only scans.
    await db.pool.query('VACUUM (ANALYZE) unit_campaign_state');
    await measure('after VACUUM (index-only counts)');
    console.log(`GET /campaigns/:id/overdue over ${BOARD_TOTAL_UNITS.toLocaleString('en')} units (HTTP round trip, ${RUNS} runs each):\n${lines.join('\n')}`);
  } finally {
    await stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
