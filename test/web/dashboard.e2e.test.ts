/**
 * The dashboard end to end in real Chromium (Debian's, driven by
 * playwright-core) against the real API, worker, Temporal and PostgreSQL:
 * the office signs in, imports the units, defines and starts a campaign and
 * sees the lights; a unit submits (a missing field is shown beside it, and an
 * expired session keeps what was typed); a supervisor rejects from the inbox,
 * the unit resubmits, the supervisor approves; the office moves a milestone,
 * browses the lazy unit tree, filters the board by unit type and phase and
 * follows the downloads; the supervisor gives a point review, verifies a
 * rectification and grants an extension from the inbox, and a stale inbox's
 * 409 is explained and refreshed.
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
  // Once Vue's and Element Plus's transitions (fades, the tree's expand) are over: a frame mid-way is neither what people see nor fair to axe.
  await page.waitForFunction(
    () => !(globalThis as unknown as { document: { querySelector(selector: string): unknown } }).document.querySelector('[class*="-enter-active"], [class*="-leave-active"], .collapse-transition'),
  );
  await page.waitForTimeout(300);
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
/** An inbox row by its duty key's start: `<kind>:<campaign>:<unit>:`. */
const dutyRow = (page: Page, kind: string, unitId: string) => page.locator(`[data-test=inbox] tr:has([data-duty^="${kind}:${CAMPAIGN}:${unitId}:"])`);
const unitPath = (unitId: string) => `/campaigns/${CAMPAIGN}/units/${unitId}`;

/** A call to the REST API as one of the people (what another user does meanwhile, in another window). */
async function asPerson(person: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${t.server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${tokens[person]}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

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
    // With a point review (點評) owed in mobilization, for the inbox's review dialog.
    const plan = { ...planStartingToday('web-e2e-plan', TODAY), pointReviews: [{ phase: 'mobilization', every: 'once' }] };
    await office.locator('textarea[data-test=plan]').fill(JSON.stringify(plan));
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


  test('when the office opens the unit tree, then the roots load first and a parent opens to its children, each with its light and its subtree', async () => {
    await office.goto(url(`/campaigns/${CAMPAIGN}/tree`));
    const committee = office.locator('[data-test=unit-tree] [data-unit=committee]');
    await committee.waitFor();
    expect(await committee.locator('[data-light]').getAttribute('data-light')).toBe('green');
    expect(await office.locator('[data-subtree=committee]').innerText()).toContain('下屬 subtree 3');
    // Not started in this campaign: no light of its own.
    expect(await office.locator('[data-unit=other]').innerText()).toContain('未啟動');
    // Children are fetched only when their parent is opened.
    expect(await office.locator('[data-unit=committee-b1]').count()).toBe(0);
    await office.locator('.el-tree-node:has([data-unit=committee]) > .el-tree-node__content .el-tree-node__expand-icon').click();
    await office.locator('[data-unit=committee-b1]').waitFor();
    expect(await office.locator('[data-unit=committee-b2]').count()).toBe(1);
    await check(office, '09-unit-tree');
  });

  test('when the office filters the board by unit type and phase, then the counts narrow and the Excel download carries the filters', async () => {
    await office.goto(url(`/campaigns/${CAMPAIGN}`));
    await office.locator('[data-test=filtered-units]').waitFor();
    expect(await office.locator('[data-test=filtered-units]').innerText()).toContain('3');
    await office.locator('[data-test=filter-unit-type]').click();
    await office.locator('.el-select-dropdown__item:visible', { hasText: '學校 School' }).click();
    await office.locator('[data-test=filter]').click();
    await eventually(async () => /：0$/.test((await office.locator('[data-test=filtered-units]').innerText()).trim()));
    await office.locator('[data-test=filter-unit-type]').click();
    await office.locator('.el-select-dropdown__item:visible', { hasText: '機關 Agency' }).click();
    await office.locator('[data-test=filter-phase]').click();
    await office.locator('.el-select-dropdown__item:visible', { hasText: 'mobilization' }).click();
    await office.locator('[data-test=filter]').click();
    await eventually(async () => /：3$/.test((await office.locator('[data-test=filtered-units]').innerText()).trim()));
    const xlsx = (await office.locator('[data-test=board-xlsx]').getAttribute('href'))!;
    expect(xlsx).toContain('unitType=agency');
    expect(xlsx).toContain('phaseId=mobilization');
    expect(xlsx).toContain('format=xlsx');
    // The link works with the page's own session cookie.
    const download = await office.request.get(`${t.server.url}${xlsx}`);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toContain('spreadsheetml');
    await check(office, '10-board-filtered');
  });

  test('when the office opens the ledger and the reports, then the Excel, HTML and PDF downloads are linked and answer', async () => {
    await office.goto(url(`/campaigns/${CAMPAIGN}/ledger`));
    const ledgerXlsx = (await office.locator('[data-test=xlsx]').getAttribute('href'))!;
    expect(ledgerXlsx).toContain('format=xlsx');
    expect((await office.request.get(`${t.server.url}${ledgerXlsx}`)).headers()['content-type']).toContain('spreadsheetml');
    await office.goto(url(`/campaigns/${CAMPAIGN}/reports`));
    await office.locator('[data-test=summary-downloads]').waitFor();
    const expected: Record<string, string> = { 'summary-html': 'text/html', 'summary-xlsx': 'spreadsheetml', 'summary-pdf': 'application/pdf' };
    for (const [link, type] of Object.entries(expected)) {
      const target = (await office.locator(`[data-test=${link}]`).getAttribute('href'))!;
      const reply = await office.request.get(`${t.server.url}${target}`);
      expect({ link, status: reply.status(), type: reply.headers()['content-type']?.includes(type) }).toEqual({ link, status: 200, type: true });
    }
  });

  test('when the supervisor gives a point review (點評) from the inbox, then the review is recorded and leaves the inbox', async () => {
    await supervisor.goto(url('/inbox'));
    await until(supervisor, async () => (await dutyRow(supervisor, 'give_review', UNIT).count()) === 1);
    await dutyRow(supervisor, 'give_review', UNIT).locator('[data-test=review]').click();
    const dialog = supervisor.locator('.el-dialog', { hasText: '點評 Point review' });
    // Empty fields: the API's problems show beside them.
    await dialog.locator('[data-test=confirm]').click();
    await dialog.locator('.el-form-item:has([data-test=review-comment]) .el-form-item__error').waitFor();
    await dialog.locator('textarea[data-test=review-comment]').fill('學習扎實，記錄完整');
    await dialog.locator('textarea[data-test=review-strengths]').fill('按時完成專題學習');
    await dialog.locator('textarea[data-test=review-weaknesses]').fill('聯繫群眾不夠');
    await check(supervisor, '11-review-dialog');
    await dialog.locator('[data-test=confirm]').click();
    await dialog.waitFor({ state: 'hidden' });
    await until(supervisor, async () => (await dutyRow(supervisor, 'give_review', UNIT).count()) === 0);
    await eventually(async () => JSON.stringify((await asPerson('office', 'GET', `/campaigns/${CAMPAIGN}/ledger?unitId=${UNIT}&limit=500`)).body).includes('學習扎實，記錄完整'));
  });

  test('when the unit reports a rectification, then the supervisor verifies it (驗收) from the inbox', async () => {
    expect((await asPerson('li', 'POST', `${unitPath(UNIT)}/rectifications`, { itemId: 'e2e-fix', description: '學習記錄不全，需補齊' })).status).toBe(201);
    await eventually(async () => (await asPerson('u1', 'POST', `${unitPath(UNIT)}/rectifications/e2e-fix/report`, { evidence: { text: '已補齊學習記錄', links: [] } })).status === 200);
    await until(supervisor, async () => (await dutyRow(supervisor, 'verify_rectification', UNIT).count()) === 1);
    // The evidence is fetched after the row shows.
    await eventually(async () => (await dutyRow(supervisor, 'verify_rectification', UNIT).innerText()).includes('已補齊學習記錄'));
    await dutyRow(supervisor, 'verify_rectification', UNIT).locator('[data-test=verify]').click();
    const dialog = supervisor.locator('.el-dialog', { hasText: '驗收整改 Verify rectification' });
    await dialog.locator('input[data-test=verify-comment]').fill('整改到位');
    await check(supervisor, '12-verify-dialog');
    await dialog.locator('[data-test=confirm]').click();
    await until(supervisor, async () => (await dutyRow(supervisor, 'verify_rectification', UNIT).count()) === 0);
    await eventually(async () => (await asPerson('li', 'GET', `${unitPath(UNIT)}/rectifications/e2e-fix`)).body.status === 'verified');
  });

  test('when the unit asks for more time, then the supervisor grants the extension from the inbox', async () => {
    const proposedDate = addDays(TODAY, 20);
    expect((await asPerson('u1', 'POST', `${unitPath(UNIT)}/tasks/implementation-plan/extension-requests`, { proposedDate, reason: '調研尚未完成' })).status).toBeLessThan(300);
    await until(supervisor, async () => (await dutyRow(supervisor, 'decide_extension', UNIT).count()) === 1);
    await eventually(async () => (await dutyRow(supervisor, 'decide_extension', UNIT).innerText()).includes('調研尚未完成'));
    await dutyRow(supervisor, 'decide_extension', UNIT).locator('[data-test=decide]').click();
    const dialog = supervisor.locator('.el-dialog', { hasText: '延期決定 Extension decision' });
    await check(supervisor, '13-extension-dialog');
    await dialog.locator('[data-test=confirm]').click();
    await until(supervisor, async () => (await dutyRow(supervisor, 'decide_extension', UNIT).count()) === 0);
    await eventually(async () => {
      const view = await asPerson('u1', 'GET', unitPath(UNIT));
      const task = (view.body.tasks as Array<{ taskId: string; dueDate: string }>).find((candidate) => candidate.taskId === 'implementation-plan');
      return task?.dueDate === proposedDate;
    });
  });

  test('when the office reviews a unit while the supervisor\'s inbox is stale, then the supervisor\'s review is answered 409, explained, and the inbox refreshes', async () => {
    const OTHER = 'committee-b2';
    await supervisor.goto(url('/inbox'));
    await until(supervisor, async () => (await dutyRow(supervisor, 'give_review', OTHER).count()) === 1);
    // Meanwhile, in another window, the office reviews the same period.
    const owed = await asPerson('office', 'POST', `${unitPath(OTHER)}/reviews`, { comment: '辦公室已點評', strengths: '組織有力', weaknesses: '宣傳不足', rating: 'good' });
    expect(owed.status).toBe(201);
    await dutyRow(supervisor, 'give_review', OTHER).locator('[data-test=review]').click();
    const dialog = supervisor.locator('.el-dialog', { hasText: '點評 Point review' });
    await dialog.locator('textarea[data-test=review-comment]').fill('上級點評');
    await dialog.locator('textarea[data-test=review-strengths]').fill('有特色');
    await dialog.locator('textarea[data-test=review-weaknesses]').fill('不夠深入');
    await dialog.locator('[data-test=confirm]').click();
    const conflict = supervisor.locator('.el-message-box', { hasText: '衝突 Conflict' });
    await conflict.waitFor();
    expect(await conflict.innerText()).toContain('這一項已被他人處理');
    await check(supervisor, '14-stale-409');
    await conflict.locator('button', { hasText: '刷新 Refresh' }).click();
    await conflict.waitFor({ state: 'hidden' });
    await eventually(async () => (await dutyRow(supervisor, 'give_review', OTHER).count()) === 0);
    // The review dialog closed with the refresh (it fades out).
    await supervisor.locator('.el-dialog', { hasText: '點評 Point review' }).waitFor({ state: 'hidden', timeout: 5_000 });
  });

  test('when axe-core checks every main page, then none has a serious or critical violation', () => {
    expect(Object.keys(a11y).length).toBeGreaterThanOrEqual(14);
    const found = Object.entries(a11y).flatMap(([page, violations]) => violations.map((v) => `${page}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
    expect(found).toEqual([]);
  });
});
