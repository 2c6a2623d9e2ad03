/**
 * An item's listing under supervision (掛牌督辦) follows the campaign: when
 * the phase it waits for ends relative to a milestone set only later (the
 * Party Congress), the item learns the date when the office sets it, and a
 * new date when it is moved.
 */
import { parsePlan } from '../../domain/plan';
import { campaignProgressQuery, rectificationScheduleSignal, rectificationStateQuery, setMilestoneUpdate } from '../../contracts';
import { defineAndStartCampaign, eventually, openRectification, sleepUntil } from '../support/campaign-script';
import { useTimeSkippingHarness } from '../support/time-skipping-fixture';

const CAMPAIGN = 'listing';
const UNIT = 'committee-b00001';
const fixture = useTimeSkippingHarness(1);

test('when the milestone ending the listing phase is set and then moved, then an open item goes under listed supervision the day after the moved end, not before', async () => {
  const { env, h } = fixture;
  const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  const plan = parsePlan({
    id: 'listing-plan',
    name: { zh: '整改提高', en: 'rectification' },
    milestones: [{ id: 'congress', name: { zh: '黨代會', en: 'Party Congress' }, kind: 'to_be_set' }],
    phases: [
      { id: 'rectify', name: { zh: '整改提高', en: 'rectification' }, window: { start: `${year}-03-02`, end: { milestone: 'congress', offsetDays: -1 } } },
    ],
    rectification: { listOpenItemsAtEndOf: 'rectify' },
  });
  const campaign = await defineAndStartCampaign(h, CAMPAIGN, plan, { unitIds: [UNIT] });
  await sleepUntil(env, `${year}-03-10`);
  // Opened while the congress date is unknown: no listing date yet.
  const item = await openRectification(h, plan, { campaignId: CAMPAIGN, unitId: UNIT, itemId: 'fix-1', dueDate: `${year}-09-30` });
  const listedRows = () => h.ledger.list({ campaignId: CAMPAIGN, unitId: UNIT, kinds: ['rectification.listed'] });

  await campaign.executeUpdate(setMilestoneUpdate, { args: [{ milestoneId: 'congress', date: `${year}-06-10`, actor: 'office', reason: '公布日期' }] });
  await campaign.executeUpdate(setMilestoneUpdate, { args: [{ milestoneId: 'congress', date: `${year}-07-20`, actor: 'office', reason: '延期召開' }] });
  // A late copy of the first broadcast (a retried activity still running) must not bring its date back.
  const { amendments } = await campaign.query(campaignProgressQuery);
  await item.signal(rectificationScheduleSignal, { revision: amendments.revision - 1, listUnderSupervisionAt: `${year}-06-09T23:59:59.999+08:00` });
  await sleepUntil(env, `${year}-07-01`);
  // The first date's phase end (06-09) has passed, the moved one (07-19) not: not listed.
  expect(await listedRows()).toHaveLength(0);
  expect((await item.query(rectificationStateQuery)).listedUnderSupervision).toBe(false);

  await sleepUntil(env, `${year}-07-25`);
  const listed = await eventually(async () => {
    const rows = await listedRows();
    return rows.length ? rows : undefined;
  });
  expect(listed).toHaveLength(1);
  expect(new Date(listed[0].occurredAt).getTime()).toBeGreaterThan(Date.parse(`${year}-07-19T23:59:59.999+08:00`));
  expect(new Date(listed[0].occurredAt).getTime()).toBeLessThan(Date.parse(`${year}-07-21T00:00:00+08:00`));
  expect((await item.query(rectificationStateQuery)).listedUnderSupervision).toBe(true);
}, 60_000);
