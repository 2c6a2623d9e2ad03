/**
 * Starting a campaign for 1,001 units through the API while the worker is
 * killed and restarted mid-way: every unit ends up with exactly one workflow
 * and exactly one start row in the ledger. Real dev server, real PostgreSQL,
 * the worker in its own process.
 */
import request from 'supertest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createStorage } from '../../adapters/storage';
import { createUsersRepository } from '../../adapters/storage/users-repository';
import { createApp } from '../../api/app';
import { eventually } from '../support/campaign-script';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createDevServerEnv } from '../support/temporal';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

const BRANCHES = 1000;

/** Reads `read` until two reads a second apart agree (visibility catches up within moments on the dev server). */
async function steadyValue(read: () => Promise<number>): Promise<number> {
  let previous = await read();
  for (let i = 0; i < 30; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const current = await read();
    if (current === previous) return current;
    previous = current;
  }
  throw new Error(`value did not settle (last ${previous})`);
}
const TASK_QUEUE = 'fanout-restart';
let env: TestWorkflowEnvironment;
let db: TestDatabase;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  env = await createDevServerEnv();
  db = await createTestDatabase({ prefix: 'fanout_test', max: 10 });
}, 120_000);

afterAll(async () => {
  for (const worker of workers) await worker.kill();
  await env?.teardown();
  await db?.drop();
});

test('when a campaign is started for 1,001 units and the worker dies during the fan-out, then each unit has exactly one workflow and one start row', async () => {
  const users = createUsersRepository(db.pool);
  await users.createUser({ id: 'office', name: '活動辦', role: 'admin' });
  const auth = `Bearer ${await users.issueToken('office')}`;
  const app = createApp({ temporal: env.client, storage: createStorage(db.pool), taskQueue: TASK_QUEUE });
  const workerEnv = { DATABASE_URL: db.url, TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: TASK_QUEUE, FANOUT_BATCH_SIZE: '500' };
  workers.push(await startWorkerProcess(workerEnv));

  const rows = [
    { id: 'bureau', parentId: null, name: '局黨委', type: 'state_enterprise', secretary: { name: '書記' }, supervisors: ['office'] },
    ...Array.from({ length: BRANCHES }, (_, i) => ({ id: `bureau-${i + 1}`, parentId: 'bureau', name: `第${i + 1}黨支部`, type: 'state_enterprise', secretary: { name: `書記${i + 1}` }, supervisors: [] })),
  ];
  await request(app).post('/units/import').set('Authorization', auth).send(rows).expect(201);
  const nextYear = new Date().getUTCFullYear() + 1; // any future year: nothing here depends on its weekdays
  await request(app).post('/campaigns').set('Authorization', auth).send({ id: 'bureau-2027', template: 'seed-003-bureau', startYear: nextYear }).expect(201);

  const startedAt = Date.now();
  await request(app).post('/campaigns/bureau-2027/starts').set('Authorization', auth).send({ subtreeRootId: 'bureau' }).expect(202);
  const progress = async () => (await request(app).get('/campaigns/bureau-2027/progress').set('Authorization', auth).expect(200)).body;
  // Kill inside the first batch (500 units, several seconds): some of its units run, the batch has not reported.
  const unitWorkflows = async () => (await env.client.workflow.count("WorkflowType = 'unitCampaignWorkflow'")).count;
  await eventually(async () => (await unitWorkflows()) >= 200, 120_000, { everyMs: 200 });
  const beforeKill = (await progress()).totals.started;
  await workers[0].kill();
  // With no worker nothing more can start: Temporal's own count, once it is steady, is what the kill left.
  const startedAtKill = await steadyValue(unitWorkflows);
  // The kill cut a batch short: units are running that the progress had not counted yet.
  expect(startedAtKill).toBeGreaterThan(beforeKill);
  expect(startedAtKill).toBeLessThan(BRANCHES + 1); // the kill landed mid-fan-out
  workers.push(await startWorkerProcess(workerEnv));
  const final = await eventually(async () => {
    const body = await progress();
    return body.totals.done ? body : undefined;
  }, 240_000, { everyMs: 600 }); // at most 100 polls a minute: the API allows a token 120
  const seconds = (Date.now() - startedAt) / 1000;

  expect(final.totals.requested).toBe(BRANCHES + 1);
  // The batch the kill cut short is run again; the units its lost attempt had started were started by this request too.
  expect(final.totals).toMatchObject({ started: BRANCHES + 1, alreadyRunning: 0 });
  expect(final.startedUnits).toBe(BRANCHES + 1);
  // Unit workflows write their start row as their first act; give the last ones a moment.
  await eventually(async () => {
    const { rows: [r] } = await db.pool.query("SELECT count(*)::int AS n FROM ledger WHERE kind = 'unit.started'");
    return r.n === BRANCHES + 1;
  });
  const starts = await db.pool.query("SELECT count(*)::int AS n, count(DISTINCT unit_id)::int AS units FROM ledger WHERE kind = 'unit.started'");
  expect(starts.rows[0]).toEqual({ n: BRANCHES + 1, units: BRANCHES + 1 });
  // Temporal's own view: one execution per unit workflow id, none twice.
  const executions = await eventually(async () => {
    const ids: string[] = [];
    for await (const execution of env.client.workflow.list({ query: "WorkflowType = 'unitCampaignWorkflow'" })) ids.push(execution.workflowId);
    return ids.length >= BRANCHES + 1 ? ids : undefined;
  }, 60_000);
  expect(executions).toHaveLength(BRANCHES + 1);
  expect(new Set(executions).size).toBe(BRANCHES + 1);
  console.log(`fan-out: 1,001 units started through the API in ${seconds.toFixed(1)} s (worker killed with ${startedAtKill} started, ${beforeKill} counted by then)`);
}, 420_000);
