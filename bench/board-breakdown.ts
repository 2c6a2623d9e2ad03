/**
 * `npm run bench:board-breakdown`: where the overdue board's time goes, step by
 * step, over the generated 101,011-unit read model (a throw-away database on
 * TEST_PG_ADMIN_URL, default 127.0.0.1:5432). Each step is timed alone, in
 * the same run: the bare indexed SELECT of bench:compare's baseline, the
 * route's own queries, and HTTP round trips (authenticated routes with no
 * other query and one small query, then the board). Prints medians and p95; asserts nothing.
 */
import type { Client } from '@temporalio/client';
import { createStorage } from '../adapters/storage';
import { createUsersRepository } from '../adapters/storage/users-repository';
import { createApp } from '../api/app';
import { startApiServer } from '../api/server';
import { BOARD_CAMPAIGN, generateBoardReadModel } from '../test/support/board-read-model';
import { createTestDatabase } from '../test/support/database';

const RUNS = Number(process.argv[2] ?? 200);

async function timed(call: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 20; i += 1) await call();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    await call();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(RUNS / 2)], p95: samples[Math.ceil(RUNS * 0.95) - 1] };
}

async function main() {
  const db = await createTestDatabase({ prefix: 'board_breakdown' });
  const stop = async () => db.drop().catch(() => undefined);
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    await generateBoardReadModel(db.pool);
    await db.pool.query('VACUUM (ANALYZE) units, unit_campaign_state, campaign_light_counts');
    const storage = createStorage(db.pool);
    const users = createUsersRepository(db.pool);
    await users.createUser({ id: 'office', name: '活動辦', role: 'admin' });
    const issued = await users.issueToken('office');
    const token = typeof issued === 'string' ? issued : (issued as { token: string }).token;
    const app = createApp({ temporal: {} as Client, storage, taskQueue: 'unused', checkTemporal: async () => true, logger: { error: () => undefined, warn: () => undefined }, edge: { rateLimit: false } });
    const api = await startApiServer(app, { port: 0, host: '127.0.0.1' });
    const get = (route: string, auth: boolean) => async () => {
      const response = await fetch(`${api.url}${route}`, { headers: auth ? { Authorization: `Bearer ${token}` } : {} });
      await response.text();
      if (!response.ok) throw new Error(`${route}: ${response.status}`);
    };
    const steps: Array<[string, () => Promise<unknown>]> = [
      ['bare indexed SELECT (bench:compare baseline)', () => db.pool.query(
        `SELECT s.unit_id, s.unit_path, s.rung, s.light, s.overdue_count, s.tasks FROM unit_campaign_state s
         WHERE s.campaign_id = $1 AND (s.light <> 'green' OR s.overdue_count > 0) ORDER BY s.unit_path USING ~<~ LIMIT 51`, [BOARD_CAMPAIGN])],
      ['SELECT 1', () => db.pool.query('SELECT 1')],
      ['token lookup (every authenticated request)', () => users.findUserByToken(token)],
      ['campaign row with its plan (requireCampaign)', () => storage.campaigns.get(BOARD_CAMPAIGN)],
      ['attention page query (joins names, first responsible)', () => storage.readModel.attentionPage({ campaignId: BOARD_CAMPAIGN, scope: { kind: 'campaign' }, limit: 51 })],
      ['light and rung counts', () => storage.readModel.lightRungCounts(BOARD_CAMPAIGN, { kind: 'campaign' })],
      ['HTTP: GET /templates (authenticated: the token lookup, no other query)', get('/templates', true)],
      ['HTTP: GET /campaigns (authenticated, one small query)', get('/campaigns', true)],
      ['HTTP: GET /campaigns/:id/overdue?limit=50 (the board)', get(`/campaigns/${BOARD_CAMPAIGN}/overdue?limit=50`, true)],
    ];
    console.log(`overdue board over the generated read model, ${RUNS} runs per step after 20 warm-up calls:`);
    for (const [name, call] of steps) {
      const { p50, p95 } = await timed(call);
      console.log(`  ${name.padEnd(58)} p50 ${p50.toFixed(2).padStart(7)} ms   p95 ${p95.toFixed(2).padStart(7)} ms`);
    }
    await api.close();
  } finally {
    await stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
