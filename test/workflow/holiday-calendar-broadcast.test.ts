/**
 * A holiday year taken to every campaign by `holidayCalendarBroadcastWorkflow`:
 * stored once, each campaign moved once, a re-run under the same key doing
 * nothing twice, and a page interrupted mid-way resumed from its heartbeat
 * without telling a campaign again.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { createHolidayCalendarActivities } from '../../activities/holiday-calendar';
import { createHolidaysRepository } from '../../adapters/storage/holidays-repository';
import { mergeYear } from '../../domain/holidays/holiday-year';
import type { HolidayYear } from '../../domain/holidays/working-days';
import { parsePlan } from '../../domain/plan';
import {
  campaignProgressQuery,
  campaignWorkflowId,
  holidayCalendarBroadcastWorkflowId,
  type HolidayCalendarBroadcastInput,
  type HolidayCalendarBroadcastResult,
} from '../../contracts';
import { defineAndStartCampaign, eventually } from '../support/campaign-script';
import { useTimeSkippingHarness } from '../support/time-skipping-fixture';

const fixture = useTimeSkippingHarness(1);
const UNIT = 'committee-b00001';

const yearData = (year: number, day = 1): HolidayYear => ({
  holidays: [{ name: { zh: '元旦', en: "New Year's Day" }, days: [`${year}-01-0${day}`] }],
  workingWeekends: [],
});

async function calendarOf(campaignId: string): Promise<string | undefined> {
  return (await fixture.h.env.client.workflow.getHandle(campaignWorkflowId(campaignId)).query(campaignProgressQuery)).amendments.holidays?.version;
}
const calendarRows = async (campaignId: string) => (await fixture.h.ledger.list({ campaignId, kinds: ['calendar.changed'] })).length;

let year: number;
const CAMPAIGNS = ['cal-a', 'cal-b', 'cal-c'];

beforeAll(async () => {
  const { env, h } = fixture;
  year = new Date(await env.currentTimeMs()).getUTCFullYear() + 3;
  const plan = parsePlan({
    id: 'calendar-plan',
    name: { zh: '節假日測試', en: 'calendar test' },
    // Its end hangs on a date never set: however far the test server skips time, the campaigns keep running.
    milestones: [{ id: 'congress', name: { zh: '黨代會', en: 'Party Congress' }, kind: 'to_be_set' }],
    phases: [{ id: 'only', name: { zh: '階段', en: 'phase' }, window: { start: `${year}-03-01`, end: { milestone: 'congress', offsetDays: -1 } } }],
  });
  for (const id of CAMPAIGNS) await defineAndStartCampaign(h, id, plan, { unitIds: [UNIT] });
  // Defined but not running (its workflow never started): counted, not failed.
  await h.campaigns.create({ id: 'cal-stopped', name: plan.name, plan, createdBy: 'office' });
}, 120_000);

async function broadcast(input: HolidayCalendarBroadcastInput, version: string): Promise<HolidayCalendarBroadcastResult> {
  const handle = await fixture.h.env.client.workflow.start('holidayCalendarBroadcastWorkflow', {
    workflowId: holidayCalendarBroadcastWorkflowId(version),
    taskQueue: fixture.h.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  // Polled, not awaited: a client waiting on a result lets the test server skip time, and the
  // campaigns would run to their end meanwhile.
  await eventually(async () => (await handle.describe()).status.name === 'COMPLETED');
  return handle.result();
}

test('when a page of campaigns is interrupted after the first campaign (the worker died), then the retried activity resumes from its heartbeat: the others are moved, the first is not told again, none is counted twice', async () => {
  const { h } = fixture;
  const holidays = createHolidaysRepository(h.db.pool);
  const change = await holidays.setYear(year, yearData(year), { actor: 'office', reason: '更正' });
  const version = change.after.calendar.version;
  const { moveCampaignsToCalendar } = createHolidayCalendarActivities({ storage: h.storage, temporal: h.env.client });
  // The first attempt told cal-a, heartbeat that, and died.
  const heartbeats: unknown[] = [];
  const retry = new MockActivityEnvironment({
    heartbeatDetails: { done: ['cal-a'], outcome: { total: 1, updated: 1, alreadyCurrent: 0, notRunning: 0, failed: [] } },
  } as never);
  retry.on('heartbeat', (details: unknown) => heartbeats.push(details));
  const page: Awaited<ReturnType<typeof moveCampaignsToCalendar>> = await retry.run(moveCampaignsToCalendar, { version, cursor: null, limit: 10, actor: 'office', reason: '更正' });

  expect(page).toMatchObject({ done: true, cursor: 'cal-stopped' });
  expect(page.outcome).toEqual({ total: 4, updated: 3, alreadyCurrent: 0, notRunning: 1, failed: [] });
  // cal-a stays where the (simulated) first attempt left it: this retry did not tell it.
  expect(await calendarOf('cal-a')).not.toBe(version);
  expect(await calendarOf('cal-b')).toBe(version);
  expect(await calendarOf('cal-c')).toBe(version);
  expect(await calendarRows('cal-a')).toBe(0);
  expect(await calendarRows('cal-b')).toBe(1);
  expect(heartbeats.length).toBeGreaterThan(0);
});

test('when a year is broadcast, then it is stored once and every running campaign moves to the new version once; a re-run under the same key stores and moves nothing', async () => {
  const data = yearData(year + 1);
  const { calendar: before } = await createHolidaysRepository(fixture.h.db.pool).inForce();
  const version = mergeYear(before, year + 1, data).version;
  const input = { year: year + 1, data, actor: 'office', reason: '國務院公布節假日安排' };

  const first = await broadcast(input, version);
  expect(first).toMatchObject({ version, previousVersion: before.version, changed: true, year: year + 1 });
  expect(first.campaigns).toEqual({ total: 4, updated: 3, alreadyCurrent: 0, notRunning: 1, failed: [] });
  for (const id of CAMPAIGNS) expect(await calendarOf(id)).toBe(version);

  const again = await broadcast(input, version);
  expect(again).toMatchObject({ version, previousVersion: version, changed: false });
  expect(again.campaigns).toEqual({ total: 4, updated: 0, alreadyCurrent: 3, notRunning: 1, failed: [] });
  // One calendar change per campaign for this year (cal-a missed the earlier one, see above).
  for (const id of CAMPAIGNS) expect(await calendarRows(id)).toBe(id === 'cal-a' ? 1 : 2);
  const versions = await fixture.h.db.pool.query('SELECT count(*)::int AS n FROM holiday_calendar_versions WHERE year = $1', [year + 1]);
  expect(versions.rows[0].n).toBe(1);
});
