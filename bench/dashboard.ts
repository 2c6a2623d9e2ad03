/**
 * `npm run bench:dashboard`: the dashboard in Debian's Chromium against the
 * real API, worker, Temporal dev server and PostgreSQL. Prints, and asserts nothing:
 *
 * 1. the first load of the office board of a campaign of 10,005 units: from
 *    navigation to the lights and the first page of units drawn (cold: the
 *    first visit of a new browser; warm: later visits, assets cached);
 * 2. the time from a supervisor's approve click to the inbox drawn without
 *    the approved duty (the approve call, then the inbox re-read).
 *
 * The campaign workflow and three units' workflows are real; the read model of
 * the other 10,000 units (what the board reads) is written by SQL, as the
 * activities would leave it, since starting 10,000 workflows would measure
 * the fan-out rather than the page.
 */
import request from 'supertest';
import { createApp } from '../api/app';
import { startApiServer } from '../api/server';
import { parseUnitsJson } from '../domain/units';
import { eventually } from '../test/support/campaign-script';
import { launchChromium } from '../test/support/browser';
import { startHarness } from '../test/support/harness';
import { createDevServerEnv } from '../test/support/temporal';
import { planStartingToday, UNIT_ROWS } from '../test/api/support';

const CAMPAIGN = 'bench-dashboard';
const GENERATED = 10_000;
const TASKS = ['implementation-plan', 'meeting-minutes', 'public-commitment', 'study-report'];

function generatedRows() {
  const rows: Array<Record<string, unknown>> = [{ id: 'bench-root', parentId: null, name: '基準總黨委', type: 'agency', secretary: { name: '總書記' }, supervisors: [] }];
  for (let c = 0; c < 99; c += 1) {
    rows.push({ id: `bench-c${c}`, parentId: 'bench-root', name: `基準黨委${c}`, type: 'agency', secretary: { name: `書記${c}` }, supervisors: [] });
  }
  for (let b = 0; rows.length < GENERATED; b += 1) {
    rows.push({ id: `bench-c${b % 99}-b${b}`, parentId: `bench-c${b % 99}`, name: `基準支部${b}`, type: 'agency', secretary: { name: `支書${b}` }, supervisors: [] });
  }
  return rows;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value: number) => `${Math.round(value)} ms`;

async function main() {
  const env = await createDevServerEnv();
  const h = await startHarness(env);
  const app = createApp({ temporal: env.client, storage: h.storage, taskQueue: h.taskQueue, logger: { error: console.error, warn: () => undefined } });
  const server = await startApiServer(app, { port: 0, host: '127.0.0.1' });
  const browser = await launchChromium();
  try {
    await h.units.importTree(parseUnitsJson([...UNIT_ROWS, ...generatedRows()]));
    const users = h.storage.users;
    await users.createUser({ id: 'office', name: '活動辦', role: 'admin' });
    await users.createUser({ id: 'li', name: '李書記', role: 'supervisor' });
    await users.createUser({ id: 'u1', name: '第一支部', role: 'unit', unitId: 'committee-b1' });
    const token = { office: await users.issueToken('office'), li: await users.issueToken('li'), u1: await users.issueToken('u1') };
    const api = (who: keyof typeof token) => ({ Authorization: `Bearer ${token[who]}` });

    await request(server.url).post('/campaigns').set(api('office')).send({ id: CAMPAIGN, plan: planStartingToday('bench-dashboard-plan') }).expect(201);
    await request(server.url).post(`/campaigns/${CAMPAIGN}/starts`).set(api('office')).send({ subtreeRootId: 'committee' }).expect(202);
    const view = (unit: string) => request(server.url).get(`/campaigns/${CAMPAIGN}/units/${unit}`).set(api('office'));
    await eventually(async () => (await view('committee-b1')).status === 200, 120_000);
    // The 10,000 other units as the read model holds them: about 80 % green, 12 % yellow, 8 % red.
    await h.db.pool.query(
      `INSERT INTO unit_campaign_state (campaign_id, unit_id, phase_id, status, tasks, overdue_count, rung, light, version)
       SELECT $1, id, 'mobilization', 'running', jsonb_build_array(jsonb_build_object('taskId', 'study-report', 'status', 'open', 'dueDate', NULL, 'overdue', light <> 'green', 'rung', rung, 'light', light)),
              CASE light WHEN 'green' THEN 0 ELSE 1 END, rung, light, 1
       FROM (SELECT id, light, CASE light WHEN 'green' THEN NULL WHEN 'yellow' THEN 'warning' ELSE 'listed_supervision' END AS rung
             FROM (SELECT id, CASE WHEN h < 820 THEN 'green' WHEN h < 943 THEN 'yellow' ELSE 'red' END AS light
                   FROM (SELECT id, abs(hashtext(id)) % 1000 AS h FROM units WHERE path LIKE '/bench-root/%') hashed) lit) rows`,
      [CAMPAIGN],
    );

    // 1. The office board's first load.
    const loads: number[] = [];
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1400, height: 900 } });
    // Signed in through POST /session itself, so that the board's first tab finds nothing cached.
    const signIn = await context.request.post(`${server.url}/session`, { data: { token: token.office } });
    if (signIn.status() !== 201) throw new Error(`sign-in: ${signIn.status()}`);
    let page = await context.newPage();
    let bytes = 0;
    for (let run = 0; run < 6; run += 1) {
      // A new tab each time, in the same browser: the first finds no asset cached, the later ones do.
      const tab = await context.newPage();
      const start = performance.now();
      await tab.goto(`${server.url}/app/#/campaigns/${CAMPAIGN}`);
      await tab.locator('[data-count-light=green]').waitFor();
      await tab.locator('[data-test=attention] tbody tr').first().waitFor();
      loads.push(performance.now() - start);
      if (run === 0) {
        bytes = await tab.evaluate(() => performance.getEntriesByType('resource').reduce((sum, entry) => sum + ((entry as unknown as { transferSize?: number }).transferSize ?? 0), 0));
      }
      if (run < 5) await tab.close();
      else page = tab;
    }
    const units = await page.locator('[data-test=started]').innerText();
    const green = await page.locator('[data-count-light=green]').innerText();

    // 2. Approve click → updated inbox, once per submitted task.
    const inbox = await context.newPage();
    await inbox.goto(`${server.url}/app/#/inbox`);
    await context.clearCookies();
    await inbox.reload();
    await inbox.locator('input[data-test=token]').fill(token.li);
    await inbox.locator('[data-test=sign-in]').click();
    const approvals: number[] = [];
    for (const task of TASKS) {
      await request(server.url).post(`/campaigns/${CAMPAIGN}/units/committee-b1/tasks/${task}/submit`).set(api('u1')).send({ evidence: { text: '基準材料', links: [] } }).expect(200);
      const row = inbox.locator(`[data-test=inbox] tr:has([data-duty="approve_task:${CAMPAIGN}:committee-b1:${task}"])`);
      await eventually(async () => {
        await inbox.locator('[data-test=refresh]').click();
        await inbox.waitForLoadState('networkidle');
        return (await row.count()) === 1;
      }, 60_000);
      const start = performance.now();
      await row.locator('[data-test=approve]').click();
      await row.waitFor({ state: 'detached', timeout: 60_000 });
      approvals.push(performance.now() - start);
    }

    console.log(`dashboard bench (${units} started workflows shown; the board's scope: ${GENERATED + UNIT_ROWS.length} units, ${green} green)`);
    console.log(`  office board first load, cold browser: ${ms(loads[0])}; warm (median of ${loads.length - 1}): ${ms(median(loads.slice(1)))}`);
    console.log(`  bytes transferred on the cold load (assets and API replies): ${Math.round(bytes / 1024)} KiB`);
    console.log(`  approve click → updated inbox: median ${ms(median(approvals))} (${approvals.map(ms).join(', ')})`);
  } finally {
    await browser.close();
    await server.close(1_000);
    await h.stop();
    await env.teardown();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
