/**
 * The group robots as channels (企業微信, 釘釘, 飛書), end to end with real
 * parts: notices routed to each robot through the real outbox in PostgreSQL,
 * delivered by the delivery activity to local receivers that check each
 * robot's signature and payload as its service documents them
 * (test/support/robot-receivers.ts); and the test send an office runs first.
 */
import { DefaultLogger } from '@temporalio/worker';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createNotificationActivities } from '../../activities/notifications';
import { createChannelTester, createNotificationsFromConfig, type Notifier } from '../../adapters/notify';
import { createOutbox, type Outbox } from '../../adapters/storage/outbox';
import { rungMessage, type NotificationDraft, type RobotChannel } from '../../domain/notifications';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startRobotReceivers, type RobotReceivers, type RobotSecrets } from '../support/robot-receivers';

const SECRETS: RobotSecrets = {
  wecomKey: '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa',
  dingtalkToken: 'dingtalk-access-token',
  dingtalkSecret: 'SEC000000000000000000000000000000000000000000000000000000000000000',
  feishuHook: 'feishu-hook-id',
  feishuSecret: 'feishu-signing-secret',
};
const UNITS: Record<RobotChannel, string> = { wecom: 'u-wecom', dingtalk: 'u-dingtalk', feishu: 'u-feishu' };

let db: TestDatabase;
let outbox: Outbox;
let robots: RobotReceivers;
const quiet = new DefaultLogger('ERROR');
let campaignSeq = 0;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'robot_channels_test' });
  outbox = createOutbox(db.pool);
  robots = await startRobotReceivers(SECRETS);
  for (const [channel, unitId] of Object.entries(UNITS) as Array<[RobotChannel, string]>) {
    await db.pool.query(`INSERT INTO units (id, parent_id, name, type, secretary, path, depth) VALUES ($1, NULL, '第一黨支部', 'agency', '{"name":"王書記"}', $2, 0)`, [unitId, `/${unitId}/`]);
    await outbox.setRoute({ role: 'secretary', unitId, channel, address: robots.urls[channel] });
  }
});

afterAll(async () => {
  await robots?.close();
  await db?.drop();
});

function warning(unitId: string): NotificationDraft {
  const message = rungMessage({ rung: 'warning', taskTitle: { zh: '黨性分析報告', en: 'party-spirit analysis report' }, dueDate: '2027-06-30', overdueDays: 7 });
  campaignSeq += 1;
  return { key: `robots-${campaignSeq}/${unitId}/task/t1/rung-warning`, campaignId: `robots-${campaignSeq}`, unitId, kind: 'rung', notify: ['secretary'], subject: message.subject, body: message.body, payload: {} };
}

function deliveryWith(notifier: Notifier) {
  const { deliverNotifications } = createNotificationActivities({ outbox, notifier });
  return (keys: string[]) => new MockActivityEnvironment(undefined, { logger: quiet }).run(deliverNotifications, { keys });
}

const configured = (overrides: { DINGTALK_SECRET?: string; FEISHU_SECRET?: string } = {}) =>
  createNotificationsFromConfig({ NOTIFY_CHANNEL: 'console', MAIL_FROM: 'office@example.cn', DINGTALK_SECRET: SECRETS.dingtalkSecret, FEISHU_SECRET: SECRETS.feishuSecret, ...overrides }, { logger: { info: () => undefined } }).notifier;

describe.each(Object.keys(UNITS) as RobotChannel[])('delivering to the %s robot', (channel) => {
  test('when a rung notice is routed to the robot, then it arrives signed, as Markdown with the Chinese labels, once however often delivery runs', async () => {
    const before = robots.accepted.length;
    const { keys } = await outbox.enqueue([warning(UNITS[channel])]);
    expect(keys).toHaveLength(1);
    const deliver = deliveryWith(configured());
    expect(await deliver(keys)).toMatchObject({ delivered: 1 });
    expect(await deliver(keys)).toMatchObject({ delivered: 0, alreadyDelivered: 1 });
    const got = robots.accepted.slice(before);
    expect(got.map((m) => m.robot)).toEqual([channel]);
    expect(got[0].markdown).toContain('黃牌預警');
    expect(got[0].markdown).toContain('warning');
    expect(got[0].markdown).toContain(`通知編號 (notice key): ${keys[0]}`);
    expect((await outbox.get(keys[0]))?.deliveredAt).not.toBeNull();
  });
});

describe('a robot that refuses', () => {
  test('when the DingTalk secret is wrong, then the robot refuses (310000), the row stays undelivered for the retry, and the secret is in no error', async () => {
    const { keys } = await outbox.enqueue([warning(UNITS.dingtalk)]);
    const wrong = 'SEC-wrong-secret-for-this-robot';
    await expect(deliveryWith(configured({ DINGTALK_SECRET: wrong }))(keys)).rejects.toThrow(/code 310000/);
    const row = await outbox.get(keys[0]);
    expect(row?.deliveredAt).toBeNull();
    expect(row?.lastError).toContain('310000');
    expect(row?.lastError).not.toContain(wrong);
    // The retry, once the secret is right, delivers it.
    expect(await deliveryWith(configured())(keys)).toMatchObject({ delivered: 1 });
  });

  test('when the Feishu secret is not configured, then nothing is sent and the row waits for it', async () => {
    const before = robots.accepted.length + robots.refused.length;
    const { keys } = await outbox.enqueue([warning(UNITS.feishu)]);
    await expect(deliveryWith(configured({ FEISHU_SECRET: undefined }))(keys)).rejects.toThrow(/no notifier is configured for channel "feishu"/);
    expect(robots.accepted.length + robots.refused.length).toBe(before);
  });
});

describe('the test send (POST /notification-routes/test-send)', () => {
  const tester = (overrides: { DINGTALK_SECRET?: string; FEISHU_SECRET?: string } = {}) =>
    createChannelTester({ DINGTALK_SECRET: SECRETS.dingtalkSecret, FEISHU_SECRET: SECRETS.feishuSecret, ...overrides });

  test('when every secret is right, then each robot takes the test notice', async () => {
    for (const channel of Object.keys(UNITS) as RobotChannel[]) {
      expect(await tester()(channel, robots.urls[channel])).toEqual({ delivered: true, problem: null });
    }
  });

  test('when a secret is missing, then nothing is sent and the variable to set is named', async () => {
    const before = robots.accepted.length + robots.refused.length;
    const result = await tester({ FEISHU_SECRET: undefined })('feishu', robots.urls.feishu);
    expect(result.delivered).toBe(false);
    expect(result.problem).toMatch(/FEISHU_SECRET is not set/);
    expect(robots.accepted.length + robots.refused.length).toBe(before);
  });

  test('when a secret is wrong, then the robot refuses it with its code, and the answer carries no secret', async () => {
    const wrong = 'wrong-feishu-secret';
    const result = await tester({ FEISHU_SECRET: wrong })('feishu', robots.urls.feishu);
    expect(result).toMatchObject({ delivered: false });
    expect(result.problem).toMatch(/code 19021/);
    expect(result.problem).not.toContain(wrong);
  });

  test('when a WeCom key is wrong, then the robot refuses it (93000)', async () => {
    const result = await tester()('wecom', robots.urls.wecom.replace(SECRETS.wecomKey, 'not-the-key'));
    expect(result.problem).toMatch(/code 93000/);
  });
});
