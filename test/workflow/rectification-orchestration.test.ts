/**
 * Rectification items (整改) opened by the workflow that records the event
 * finding the problem — a point review (點評) and a lagging grade (後進) on the
 * unit's workflow, a supervision event and a plain open on the campaign's —
 * each once by its business key, however often the request or the activity is
 * retried.
 */
import { ApplicationFailure } from '@temporalio/common';
import { createRectificationActivities } from '../../activities/rectifications';
import { parsePlan, type Plan } from '../../domain/plan';
import { eventItemId, laggingItemId, reviewItemId } from '../../domain/rectification-ids';
import {
  classifyUnitUpdate,
  givePointReviewUpdate,
  openRectificationUpdate,
  recordSupervisionUpdate,
  rectificationStateQuery,
  rectificationWorkflowId,
  reportRectificationUpdate,
  type RectificationInput,
} from '../../contracts';
import { defineAndStartCampaign, eventually, sleepUntil, unitHandle } from '../support/campaign-script';
import { useTimeSkippingHarness } from '../support/time-skipping-fixture';

const CAMPAIGN = 'orchestrate';
const [B1, B2] = ['committee-b00001', 'committee-b00002'];
const fixture = useTimeSkippingHarness(2);
let plan: Plan;
let year: number;

const rows = async (unitId: string) =>
  (await fixture.h.db.pool.query('SELECT item_id, source, description, due_date, status, revision FROM rectification_items WHERE campaign_id = $1 AND unit_id = $2 ORDER BY item_id', [CAMPAIGN, unitId])).rows;
const opened = async (unitId: string) => (await fixture.h.ledger.list({ campaignId: CAMPAIGN, unitId, kinds: ['rectification.opened'], limit: 1000 })).map((e) => e.payload.itemId as string).sort();
/** Every item's workflow writes its `rectification.opened` row at its start: waits until `n` are there. */
const openedSettles = (unitId: string, n: number) => eventually(async () => ((await opened(unitId)).length === n ? opened(unitId) : undefined));

beforeAll(async () => {
  const { env, h } = fixture;
  year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  plan = parsePlan({
    id: 'orchestrate-plan',
    name: { zh: '示範帶動、整改提高', en: 'demonstration and rectification' },
    phases: [
      { id: 'demonstration', name: { zh: '示範帶動、整改提高', en: 'demonstration & rectification' }, window: { start: `${year}-03-01`, end: `${year}-06-30` } },
      { id: 'summary', name: { zh: '系統總結', en: 'summary' }, window: { start: `${year}-07-01`, end: `${year}-12-31` } },
    ],
    rectification: { listOpenItemsAtEndOf: 'demonstration', defaultDays: 30 },
    pointReviews: [{ phase: 'demonstration', every: 'monthly' }],
  });
  await defineAndStartCampaign(h, CAMPAIGN, plan, { subtreeRootId: 'committee' });
  await sleepUntil(env, `${year}-04-05`);
}, 120_000);

test('when a point review names two rectifications and is sent again (a retry), then the unit workflow opens both items once, with ids from unit and period', async () => {
  const { h } = fixture;
  const periodId = `demonstration/${year}-03-01`;
  const review = {
    actor: 'sup-1',
    periodId,
    comment: '工作紮實',
    strengths: '學習有記錄',
    weaknesses: '台帳不全',
    rating: 'good' as const,
    rectifications: [{ description: '補齊學習台帳', dueDate: `${year}-05-01` }, { description: '規範三會一課' }],
  };
  const unit = unitHandle(h, CAMPAIGN, B1).handle;
  const first = await unit.executeUpdate(givePointReviewUpdate, { args: [review] });
  const again = await unit.executeUpdate(givePointReviewUpdate, { args: [review] });

  const ids = [reviewItemId(B1, periodId, 0), reviewItemId(B1, periodId, 1)];
  expect(first.rectifications?.map((i) => i.itemId)).toEqual(ids);
  expect(again.rectifications?.map((i) => i.itemId)).toEqual(ids);
  expect(first.rectifications?.map((i) => [i.source, i.status, i.openedBy])).toEqual([
    ['point_review', 'open', 'sup-1'],
    ['point_review', 'open', 'sup-1'],
  ]);
  // The default deadline: the review's day (04-05, workflow time) plus the plan's 30 days.
  expect(first.rectifications?.map((i) => i.dueDate)).toEqual([`${year}-05-01`, `${year}-05-05`]);
  expect((await rows(B1)).map((r) => r.item_id)).toEqual([...ids].sort());
  expect(await openedSettles(B1, 2)).toEqual([...ids].sort());
  expect((await h.ledger.list({ campaignId: CAMPAIGN, unitId: B1, kinds: ['review.given'] })).length).toBe(1);
});

test('when a unit is classified lagging twice for a round, then its workflow opens the item lagging-<round> once and returns it both times', async () => {
  const { h } = fixture;
  const unit = unitHandle(h, CAMPAIGN, B2).handle;
  const classify = { actor: 'sup-1', round: String(year), grade: 'lagging' as const, basis: '民主測評滿意率不足六成' };
  const first = await unit.executeUpdate(classifyUnitUpdate, { args: [classify] });
  const again = await unit.executeUpdate(classifyUnitUpdate, { args: [{ ...classify, rectification: { description: '另一個描述' } }] });
  expect(first.rectification).toMatchObject({ itemId: laggingItemId(String(year)), source: 'classification', status: 'open' });
  expect(first.rectification?.description).toContain('民主測評');
  // The item recorded first is the item: a retry with other words opens nothing new.
  expect(again.rectification).toMatchObject({ itemId: laggingItemId(String(year)), description: first.rectification?.description });
  expect((await rows(B2)).map((r) => r.item_id)).toEqual([laggingItemId(String(year))]);
  expect(await openedSettles(B2, 1)).toEqual([laggingItemId(String(year))]);
});

test('when a unit is classified average, then no item is opened and the answer says so (null)', async () => {
  const { h } = fixture;
  const result = await unitHandle(h, CAMPAIGN, 'committee').handle.executeUpdate(classifyUnitUpdate, {
    args: [{ actor: 'sup-1', round: String(year), grade: 'average', basis: '一般' }],
  });
  expect(result.rectification).toBeNull();
  expect(await rows('committee')).toEqual([]);
});

test('when a supervision event with rectifications is recorded twice under its event id, then the campaign workflow opens each item once; a spot check opens only for the units drawn', async () => {
  const { h } = fixture;
  const campaign = h.env.client.workflow.getHandle(`campaign:${CAMPAIGN}`);
  const visit = { eventId: 'visit-1', kind: 'open_visit' as const, actor: 'sup-1', unitIds: [B2], findings: '值班缺崗', rectifications: [{ unitId: B2, description: '落實值班制度' }] };
  const first = await campaign.executeUpdate(recordSupervisionUpdate, { args: [visit] });
  const again = await campaign.executeUpdate(recordSupervisionUpdate, { args: [visit] });
  expect(first.rectifications?.map((i) => [i.itemId, i.source])).toEqual([[eventItemId('visit-1', 0), 'visit']]);
  expect(again.rectifications?.map((i) => i.itemId)).toEqual([eventItemId('visit-1', 0)]);
  expect((await rows(B2)).map((r) => r.item_id).sort()).toEqual([eventItemId('visit-1', 0), laggingItemId(String(year))].sort());
  expect(await openedSettles(B2, 2)).toHaveLength(2);

  const check = await campaign.executeUpdate(recordSupervisionUpdate, {
    args: [{ eventId: 'check-1', kind: 'spot_check', actor: 'sup-1', unitIds: [B1, B2], sampleSize: 1, findings: '抽查', rectifications: [{ unitId: B1, description: '甲' }, { unitId: B2, description: '乙' }] }],
  });
  const drawn = check.unitIds[0];
  expect(check.rectifications?.map((i) => [i.unitId, i.itemId])).toEqual([[drawn, eventItemId('check-1', drawn === B1 ? 0 : 1)]]);
  expect(check.notOpened?.map((n) => n.unitId)).toEqual([drawn === B1 ? B2 : B1]);
});

test('when someone else sends an event id already recorded, then the update is refused (Conflict) and opens nothing', async () => {
  const { h } = fixture;
  const campaign = h.env.client.workflow.getHandle(`campaign:${CAMPAIGN}`);
  const before = await rows(B2);
  await expect(
    campaign.executeUpdate(recordSupervisionUpdate, { args: [{ eventId: 'visit-1', kind: 'open_visit', actor: 'sup-2', unitIds: [B2], findings: '冒用', rectifications: [{ unitId: B2, description: '不應開出' }] }] }),
  ).rejects.toMatchObject({ cause: { type: 'Conflict' } });
  expect(await rows(B2)).toEqual(before);
});

test('when the office opens an item through the campaign workflow, then it is opened with its schedule; the same id again is refused (Conflict)', async () => {
  const { h } = fixture;
  const campaign = h.env.client.workflow.getHandle(`campaign:${CAMPAIGN}`);
  const item = { unitId: 'committee', itemId: 'plain-1', description: '完善制度', source: 'other' as const, actor: 'office' };
  const view = await campaign.executeUpdate(openRectificationUpdate, { args: [item] });
  expect(view).toMatchObject({ itemId: 'plain-1', status: 'open', dueDate: `${year}-05-05` });
  await expect(campaign.executeUpdate(openRectificationUpdate, { args: [item] })).rejects.toMatchObject({ cause: { type: 'Conflict' } });
  expect((await rows('committee')).map((r) => r.item_id)).toEqual(['plain-1']);
  const state = await h.env.client.workflow.getHandle(rectificationWorkflowId(CAMPAIGN, 'committee', 'plain-1')).query(rectificationStateQuery);
  expect(state.description).toBe('完善制度');
});

describe('the opening activity, retried', () => {
  const input = (itemId: string, description = '整理會議記錄'): RectificationInput => ({
    campaignId: CAMPAIGN,
    unitId: B1,
    itemId,
    description,
    source: 'other',
    openedBy: 'office',
    dueDate: `${year}-06-01`,
    ladder: plan.rectification.ladder,
    atHour: plan.reminders.atHour,
    listUnderSupervisionAt: null,
  });
  const activities = () => createRectificationActivities({ storage: fixture.h.storage, temporal: fixture.h.env.client, taskQueue: fixture.h.taskQueue });

  test('when the same open runs twice (a worker died before reporting), then both attempts report it created, with one workflow and one row; another open of it finds it existing', async () => {
    const { openRectificationItem } = activities();
    const first = await openRectificationItem({ item: input('retried'), openRequest: 'request-1' });
    const retry = await openRectificationItem({ item: input('retried'), openRequest: 'request-1' });
    const other = await openRectificationItem({ item: input('retried'), openRequest: 'request-2' });
    expect([first.created, retry.created, other.created]).toEqual([true, true, false]);
    expect((await rows(B1)).filter((r) => r.item_id === 'retried')).toHaveLength(1);
    expect(other.view).toMatchObject({ itemId: 'retried', status: 'open' });
  });

  test('when the unit reports the fix while the row is missing (the attempt died between start and row), then the retry writes the row with the reported state, not "open"', async () => {
    const { openRectificationItem } = activities();
    await openRectificationItem({ item: input('reported-meanwhile'), openRequest: 'request-5' });
    await fixture.h.db.pool.query("DELETE FROM rectification_items WHERE item_id = 'reported-meanwhile'");
    const handle = fixture.h.env.client.workflow.getHandle(rectificationWorkflowId(CAMPAIGN, B1, 'reported-meanwhile'));
    await handle.executeUpdate(reportRectificationUpdate, { args: [{ actor: `unit:${B1}`, evidence: { text: '已補齊', links: [] } }] });
    const retried = await openRectificationItem({ item: input('reported-meanwhile'), openRequest: 'request-5' });
    expect(retried).toMatchObject({ created: true, view: { status: 'reported', reports: 1 } });
    expect((await rows(B1)).filter((r) => r.item_id === 'reported-meanwhile').map((r) => [r.status, r.revision])).toEqual([['reported', 1]]);
  });

  test('when the row is lost after the start, then a retry writes it; a different item under the id is refused as a Conflict and writes nothing', async () => {
    const { openRectificationItem } = activities();
    await openRectificationItem({ item: input('row-lost'), openRequest: 'request-3' });
    await fixture.h.db.pool.query("DELETE FROM rectification_items WHERE item_id = 'row-lost'");
    expect((await openRectificationItem({ item: input('row-lost'), openRequest: 'request-3' })).created).toBe(true);
    expect((await rows(B1)).filter((r) => r.item_id === 'row-lost')).toHaveLength(1);
    await fixture.h.db.pool.query("DELETE FROM rectification_items WHERE item_id = 'row-lost'");
    const refused = openRectificationItem({ item: input('row-lost', '另一件事'), openRequest: 'request-4' });
    await expect(refused).rejects.toBeInstanceOf(ApplicationFailure);
    await expect(refused).rejects.toMatchObject({ type: 'Conflict', nonRetryable: true });
    expect((await rows(B1)).filter((r) => r.item_id === 'row-lost')).toHaveLength(0);
  });
});
