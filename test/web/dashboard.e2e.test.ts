/**
 * The dashboard end to end in real Chromium (Debian's, driven by
 * playwright-core) against the real API, worker, Temporal and PostgreSQL:
 * the office signs in, imports the units, defines and starts a campaign and
 * sees the lights; a unit submits (a missing field is shown beside it, and an
 * expired session keeps what was typed); a supervisor rejects from the inbox,
 * the unit resubmits, the supervisor approves; the office moves a milestone.
 * Every main page is screenshotted (test-artifacts/screenshots/) and checked
 * with axe-core for serious or critical violations.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eventually } from '../support/campaign-script';
import { launchChromium, screenshot, seriousAxeViolations, type AxeViolation } from '../support/browser';
import { localToday, planStartingToday, startApiTestEnv, UNIT_ROWS, type ApiTestEnv } from '../api/support';
import { addDays } from '../../domain/calendar';

const CAMPAIGN = 'web-e2e';
const UNIT = 'committee-b1';
const TASK = 'study-report';
const TODAY = localToday();

let t: ApiTestEnv;
let browser: Browser;
const contexts: BrowserContext[] = [];
const tokens: Record<string, string> = {};
const a11y: Record<string, AxeViolation[]> = {};

const url = (hash: string) => `${t.server.url}/app/#${hash}`;

async function signedIn(person: string, hash: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1400, height: 900 }, bypassCSP: true });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${person}] page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) console.error(`[${person}] console: ${message.text()}`);
  });
  await page.goto(url(hash));
  await signInOn(page, person);
  return page;
}

async function signInOn(page: Page, person: string) {
  await page.locator('input[data-test=token]').fill(tokens[person]);
  await page.locator('[data-test=sign-in]').click();
  await page.locator('.sign-in-dialog').waitFor({ state: 'hidden' });
}

async function check(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  await screenshot(page, name);
  a11y[name] = await seriousAxeViolations(page);
}

/** Reloads the page (through its refresh button) until the check holds. */
async function until(page: Page, what: () => Promise<boolean>, refresh = '[data-test=refresh]') {
  await eventually(async () => {
    if (await what()) return true;
    await page.locator(refresh).first().click();
    await page.waitForLoadState('networkidle');
    return what();
  }, 60_000);
}

const taskStatus = (page: Page) => page.locator(`[data-test=tasks] tr:has([data-task="${TASK}"]) [data-status]`).getAttribute('data-status');
const inboxRow = (page: Page) => page.locator(`[data-test=inbox] tr:has([data-duty="approve_task:${CAMPAIGN}:${UNIT}:${TASK}"])`);

beforeAll(async () => {
  browser = await launchChromium();
  t = await startApiTestEnv({ importUnits: false });
  tokens.office = t.tokens.office;
  tokens.li = t.tokens.li;
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await t?.stop();
});

describe('the dashboard in Chromium', () => {
  let office: Page;
  let unit: Page;
  let supervisor: Page;

  test('when the office signs in and imports the unit tree, then the import reports every unit', async () => {
    office = await signedIn('office', '/units/import');
    await office.locator('textarea[data-test=units-text]').fill(JSON.stringify(UNIT_ROWS));
    await office.locator('[data-test=import]').click();
    await office.locator('[data-test=import-result]').waitFor();
    expect(await office.locator('[data-test=import-result]').innerText()).toContain(`${UNIT_ROWS.length} 個單位`);
    await check(office, '01-import-units');
    // The unit's own user, now that its unit exists.
    await t.users.createUser({ id: 'u1', name: '第一支部', role: 'unit', unitId: UNIT });
    tokens.u1 = await t.users.issueToken('u1');
  });

  test('when the office defines and starts a campaign, then the board shows the started units, the phases and the lights', async () => {
    await office.goto(url('/campaigns'));
    await office.locator('.el-collapse-item__header', { hasText: '定義新活動' }).click();
    await office.locator('input[data-test=campaign-id]').fill(CAMPAIGN);
    await office.locator('[data-test=source-plan]').click();
    await office.locator('textarea[data-test=plan]').fill(JSON.stringify(planStartingToday('web-e2e-plan', TODAY)));
    await office.locator('[data-test=define]').click();
    await office.waitForURL(`**/app/#/campaigns/${CAMPAIGN}`);
    await office.locator('input[data-test=start-root]').fill('committee');
    await office.locator('[data-test=start]').click();
    await until(office, async () => (await office.locator('[data-test=started]').innerText()).trim() === '3');
    await until(office, async () => (await office.locator('[data-count-light=green]').innerText()).trim() === '3');
    await until(office, async () => (await office.locator('[data-test=phases]').innerText()).includes('mobilization'));
    expect(await office.locator('[data-test=campaigns]').innerText()).toContain('接口測試創先爭優活動');
    await check(office, '02-office-board');
  });

  test('when a unit submits without evidence, then the problem shows beside the field; when its session expires, then what it typed is kept and the submit goes through after signing in', async () => {
    unit = await signedIn('u1', `/campaigns/${CAMPAIGN}/units/${UNIT}`);
    await unit.locator(`[data-test=submit-${TASK}]`).click();
    await unit.locator('[data-test=confirm]').click();
    const fieldError = unit.locator('.el-form-item:has([data-test=evidence-text]) .el-form-item__error');
    await fieldError.waitFor();
    expect(await fieldError.innerText()).toContain('describe what was done');

    await unit.locator('textarea[data-test=evidence-text]').fill('已組織專題學習三次，學習記錄見鏈接');
    await unit.locator('textarea[data-test=evidence-links]').fill('https://example.test/study.pdf');
    await t.h.db.pool.query(`UPDATE web_sessions SET expires_at = now() - interval '1 second' WHERE user_id = 'u1'`);
    await unit.locator('[data-test=confirm]').click();
    await unit.locator('.sign-in-dialog', { hasText: '登錄已過期' }).waitFor();
    await signInOn(unit, 'u1');
    expect(await unit.locator('textarea[data-test=evidence-text]').inputValue()).toBe('已組織專題學習三次，學習記錄見鏈接');
    await unit.locator('[data-test=confirm]').click();
    await eventually(async () => (await taskStatus(unit)) === 'submitted');
    await check(unit, '03-unit-page');
  });

  test('when the supervisor rejects from the inbox with a reason, then the unit sees the rejection and resubmits', async () => {
    supervisor = await signedIn('li', '/inbox');
    await until(supervisor, async () => (await inboxRow(supervisor).count()) === 1);
    expect(await inboxRow(supervisor).locator('[data-test=evidence]').innerText()).toContain('已組織專題學習三次');
    await check(supervisor, '04-supervisor-inbox');
    await inboxRow(supervisor).locator('[data-test=reject]').click();
    await supervisor.locator('textarea[data-test=reason]').fill('缺少學習心得，請補充');
    await supervisor.locator('.el-dialog [data-test=confirm]').click();
    await until(supervisor, async () => (await inboxRow(supervisor).count()) === 0);

    await unit.reload();
    await eventually(async () => (await taskStatus(unit)) === 'rejected');
    expect(await unit.locator(`[data-test=tasks] tr:has([data-task="${TASK}"])`).innerText()).toContain('缺少學習心得');
    await unit.locator(`[data-test=submit-${TASK}]`).click();
    await unit.locator('textarea[data-test=evidence-text]').fill('已補充學習心得');
    await unit.locator('[data-test=confirm]').click();
    await eventually(async () => (await taskStatus(unit)) === 'submitted');
  });

  test('when the supervisor approves the resubmission, then it leaves the inbox and the unit sees it approved', async () => {
    await until(supervisor, async () => (await inboxRow(supervisor).count()) === 1);
    expect(await inboxRow(supervisor).locator('[data-test=evidence]').innerText()).toContain('已補充學習心得');
    await inboxRow(supervisor).locator('[data-test=approve]').click();
    await until(supervisor, async () => (await inboxRow(supervisor).count()) === 0);
    await unit.reload();
    await eventually(async () => (await taskStatus(unit)) === 'approved');
    await eventually(async () => (await unit.locator('[data-test=timeline]').innerText()).includes('審核通過'));
  });

  test('when the office moves a milestone with a reason, then the new date shows and the ledger records it', async () => {
    const date = addDays(TODAY, 200);
    await office.goto(url(`/campaigns/${CAMPAIGN}/milestones`));
    const form = office.locator('[data-milestone=congress]');
    await form.locator(`input[name="date-congress"]`).fill(date);
    await form.locator(`input[name="date-congress"]`).press('Enter');
    await form.locator(`input[name="reason-congress"]`).fill('中央公布代表大會日期');
    await form.locator('button[type=submit]').click();
    const [year, month, day] = date.split('-').map(Number);
    await eventually(async () => (await office.locator('[data-milestone-date=congress]').innerText()).includes(`${year}年${month}月${day}日`));
    await check(office, '05-milestones');

    await office.goto(url(`/campaigns/${CAMPAIGN}/ledger`));
    await office.locator('[data-test=verification]').waitFor();
    expect(await office.locator('[data-test=verification]').innerText()).toContain('哈希鏈完整');
    expect(await office.locator('[data-test=ledger]').innerText()).toContain('milestone.set');
    expect(await office.locator('[data-test=csv]').getAttribute('href')).toContain('format=csv');
    await check(office, '06-ledger');
  });

  test('when the office opens the charts and the reports, then they render from the API', async () => {
    await office.goto(url(`/campaigns/${CAMPAIGN}/charts`));
    await office.locator('.chart svg').first().waitFor();
    expect(await office.locator('.chart svg').count()).toBe(3);
    await check(office, '07-charts');
    await office.goto(url(`/campaigns/${CAMPAIGN}/reports`));
    await office.locator('h1', { hasText: '分類評定與表彰' }).waitFor();
    await check(office, '08-reports');
  });

  test('when axe-core checks every main page, then none has a serious or critical violation', () => {
    expect(Object.keys(a11y).length).toBeGreaterThanOrEqual(8);
    const found = Object.entries(a11y).flatMap(([page, violations]) => violations.map((v) => `${page}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
    expect(found).toEqual([]);
  });
});
