/**
 * One API test environment per test file: a Temporal dev server (the project's
 * own binary), a throw-away PostgreSQL database with the real worker, the app
 * listening on a free port, and a small cast of users with tokens.
 *
 *   committee (supervised by li)        other (supervised by wang)
 *   ├── committee-b1 (user u1)          └── other-b1 (user u3)
 *   └── committee-b2 (user u2)
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { UsersRepository } from '../../adapters/storage/users-repository';
import { createApp, type ApiDeps, type CampaignApp } from '../../api/app';
import type { ApiLogger } from '../../api/errors';
import type { ReplyMismatch } from '../../api/reply-check';
import { startApiServer, type RunningServer } from '../../api/server';
import { addDays, localDateOf } from '../../domain/calendar';
import type { PlanInput } from '../../domain/plan';
import { parseUnitsJson } from '../../domain/units';
import { startHarness, type Harness } from '../support/harness';
import { createDevServerEnv, createTimeSkippingEnv } from '../support/temporal';

export const UNIT_ROWS = [
  { id: 'committee', parentId: null, name: '機關黨委', type: 'agency', secretary: { name: '張書記', email: 'zhang@example.test' }, supervisors: ['li'] },
  { id: 'committee-b1', parentId: 'committee', name: '第一黨支部', type: 'agency', secretary: { name: '王書記' }, supervisors: [] },
  { id: 'committee-b2', parentId: 'committee', name: '第二黨支部', type: 'agency', secretary: { name: '劉書記' }, supervisors: [] },
  { id: 'other', parentId: null, name: '社區黨委', type: 'community', secretary: { name: '陳書記' }, supervisors: ['wang'] },
  { id: 'other-b1', parentId: 'other', name: '社區第一支部', type: 'community', secretary: { name: '趙書記' }, supervisors: [] },
];

export type Person = 'office' | 'li' | 'wang' | 'u1' | 'u2' | 'u3';

const PEOPLE: Array<{ id: Person; name: string; role: 'admin' | 'supervisor' | 'unit'; unitId?: string }> = [
  { id: 'office', name: '活動辦', role: 'admin' },
  { id: 'li', name: '李書記', role: 'supervisor' },
  { id: 'wang', name: '王部長', role: 'supervisor' },
  { id: 'u1', name: '第一支部', role: 'unit', unitId: 'committee-b1' },
  { id: 'u2', name: '第二支部', role: 'unit', unitId: 'committee-b2' },
  { id: 'u3', name: '社區支部', role: 'unit', unitId: 'other-b1' },
];

export interface CapturingLogger extends ApiLogger {
  errors: Array<{ message: string; context?: Record<string, unknown> }>;
}

export function capturingLogger(): CapturingLogger {
  const errors: CapturingLogger['errors'] = [];
  return { errors, error: (message, context) => errors.push({ message, context }), warn: () => undefined };
}

export interface ApiTestEnv {
  env: TestWorkflowEnvironment;
  h: Harness;
  app: CampaignApp;
  server: RunningServer;
  users: UsersRepository;
  logger: CapturingLogger;
  tokens: Record<Person, string>;
  /** `Authorization` header value for a person. */
  auth(person: Person): string;
  /** Replies whose body did not match the schema documented for their status (stop() fails on any). */
  replyMismatches: ReplyMismatch[];
  /** Another app on the same Temporal and database, with some dependencies replaced. */
  appWith(overrides: Partial<ApiDeps>): CampaignApp;
  stop(): Promise<void>;
}

/**
 * Starts everything; with `importUnits` the tree above is imported and the users are created. With
 * `timeSkipping` the Temporal server is the time-skipping test server, for a test that goes through
 * days of timers (public notices, deadlines) by `sleepUntil` while every step goes through the API.
 */
export async function startApiTestEnv(options: { importUnits?: boolean; timeSkipping?: boolean } = {}): Promise<ApiTestEnv> {
  const env = options.timeSkipping ? await createTimeSkippingEnv() : await createDevServerEnv();
  let h: Harness | undefined;
  let server: RunningServer | undefined;
  try {
    h = await startHarness(env);
    const logger = capturingLogger();
    // Every reply of every API test is held to the schema the OpenAPI document gives for it.
    const replyMismatches: ReplyMismatch[] = [];
    // No rate limits here: the matrix alone sends thousands of requests a minute from one address (test/api/edge.test.ts tests the limits).
    const baseDeps: ApiDeps = { temporal: env.client, storage: h.storage, taskQueue: h.taskQueue, logger, checkReply: (mismatch) => replyMismatches.push(mismatch), edge: { rateLimit: false } };
    const app = createApp(baseDeps);
    server = await startApiServer(app, { port: 0, host: '127.0.0.1' });
    const users = h.storage.users;
    const tokens = {} as Record<Person, string>;
    const people = options.importUnits === false ? PEOPLE.filter((p) => p.role !== 'unit') : PEOPLE;
    if (options.importUnits !== false) {
      await h.units.importTree(parseUnitsJson(UNIT_ROWS));
    }
    for (const person of people) {
      await users.createUser(person);
      tokens[person.id] = await users.issueToken(person.id);
    }
    const harness = h;
    const running = server;
    return {
      env,
      h,
      app,
      server,
      users,
      logger,
      tokens,
      auth: (person) => `Bearer ${tokens[person]}`,
      appWith: (overrides) => createApp({ ...baseDeps, ...overrides }),
      replyMismatches,
      async stop() {
        await running.close(1_000);
        await harness.stop();
        await env.teardown();
        if (replyMismatches.length) {
          throw new Error(`replies that do not match their documented schema:\n${replyMismatches.map((m) => `${m.route} ${m.status}: ${m.problems.join('; ')}`).join('\n')}`);
        }
      },
    };
  } catch (error) {
    await server?.close(0).catch(() => undefined);
    await h?.stop().catch(() => undefined);
    await env.teardown().catch(() => undefined);
    throw error;
  }
}

/**
 * Today in Asia/Shanghai as the test file loaded, shifted by `days`. Read once,
 * so a run that crosses midnight in Shanghai (16:00 UTC) keeps one "today"; the
 * servers may then be a day ahead, which tests allow for by never asserting
 * the server's own today.
 */
const TEST_TODAY = localDateOf(Date.now());
export const localToday = (days = 0) => addDays(TEST_TODAY, days);

/**
 * A small plan whose first phase starts today (Asia/Shanghai), so its tasks
 * open as soon as a unit is started. The second phase ends the day before the
 * Party Congress, whose date the office sets later.
 */
export function planStartingToday(id = 'api-test-plan', today = localToday()): PlanInput {
  const task = (taskId: string, zh: string, en: string, extra: Record<string, unknown> = {}) => ({
    id: taskId,
    title: { zh, en },
    due: { kind: 'phase_end' as const },
    ...extra,
  });
  return {
    id,
    name: { zh: '接口測試創先爭優活動', en: 'API test campaign' },
    milestones: [
      { id: 'july-1', name: { zh: '七一', en: 'July 1' }, kind: 'yearly', month: 7, day: 1 },
      { id: 'congress', name: { zh: '黨的代表大會', en: 'Party Congress' }, kind: 'to_be_set' },
    ],
    phases: [
      {
        id: 'mobilization',
        name: { zh: '廣泛發動', en: 'Mobilization' },
        window: { start: today, end: addDays(today, 30) },
        tasks: [
          task('implementation-plan', '實施方案', 'Implementation plan', { due: { kind: 'after_phase_start', days: 10 } }),
          task('meeting-minutes', '動員大會紀要', 'Minutes of the mobilization meeting'),
          task('public-commitment', '公開承諾', 'Public commitments'),
          task('study-report', '學習情況報告', 'Study report'),
          task('office-report', '專項報告', 'Report approved by the office', { approvedBy: 'office' }),
        ],
      },
      {
        id: 'summary',
        name: { zh: '總結表彰', en: 'Summary and commendation' },
        window: { start: addDays(today, 31), end: { milestone: 'congress', offsetDays: -1 } },
        tasks: [task('campaign-summary', '活動總結', 'Campaign summary')],
      },
    ],
  };
}
