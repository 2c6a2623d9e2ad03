/**
 * Notifications end to end with real parts: a real PostgreSQL (see
 * test/support/database.ts) for the outbox, a real HTTP receiver for webhooks
 * and a real SMTP server for email, both on loopback with port 0. The delivery
 * activity runs in an activity context (MockActivityEnvironment); Temporal's
 * retries are played by calling it again, as the retry policy would.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DefaultLogger } from '@temporalio/worker';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createNotificationActivities, NotificationDeliveryError } from '../../activities/notifications';
import {
  createConsoleNotifier,
  createNotificationsFromConfig,
  createNotifier,
  createSmtpNotifier,
  createWebhookNotifier,
  messageIdFor,
  type Notifier,
} from '../../adapters/notify';
import { withTransaction } from '../../adapters/storage/transaction';
import { appendInTransaction } from '../../adapters/storage/ledger';
import { createOutbox, enqueueInTransaction, NO_RECIPIENT, type Outbox, type OutboxDefaults } from '../../adapters/storage/outbox';
import { rungMessage, type NotificationDraft } from '../../domain/notifications';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { parseMail, startSmtp } from '../support/smtp-receiver';

let db: TestDatabase;
let outbox: Outbox;
let testCount = 0;

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'notifications_test' });
  outbox = createOutbox(db.pool);
});

afterAll(async () => {
  await db?.drop();
});

beforeEach(async () => {
  testCount += 1;
  // The ledger is append-only (no TRUNCATE); each test uses its own campaign id instead.
  await db.pool.query('TRUNCATE outbox, notification_routes, users, unit_supervisors, units CASCADE');
  await seedUnits();
});

/**
 * 團黨委 reg (supervisor sup-top) → 機關黨總支 gen (sup-gen, sup-shared) →
 *   a1 (王書記, no supervisor of its own), a2 (its own supervisor sup-a2);
 * lone: a root with no supervisor anywhere.
 */
async function seedUnits(): Promise<void> {
  await db.pool.query(
    `INSERT INTO units (id, parent_id, name, type, secretary, path, depth) VALUES
       ('reg', NULL, '團黨委', 'agency', '{"name":"趙書記","email":"zhao@example.cn"}', '/reg/', 0),
       ('gen', 'reg', '機關黨總支', 'agency', '{"name":"錢書記"}', '/reg/gen/', 1),
       ('a1', 'gen', '機關第一黨支部', 'agency', '{"name":"王書記","email":"wang@example.cn","phone":"0991-1234567"}', '/reg/gen/a1/', 2),
       ('a2', 'gen', '機關第二黨支部', 'agency', '{"name":"李書記","email":"li@example.cn"}', '/reg/gen/a2/', 2),
       ('lone', NULL, '修理所黨支部', 'village_company', '{"name":"孫書記"}', '/lone/', 0)`,
  );
  await db.pool.query(
    `INSERT INTO unit_supervisors (unit_id, supervisor_id) VALUES
       ('reg', 'sup-top'), ('gen', 'sup-gen'), ('gen', 'sup-shared'), ('a2', 'sup-a2')`,
  );
  await db.pool.query(
    `INSERT INTO users (id, name, role, unit_id, email) VALUES
       ('office1', '活動辦張主任', 'admin', NULL, 'office1@example.cn'),
       ('office2', '活動辦劉幹事', 'admin', NULL, NULL),
       ('sup-top', '團黨委周書記', 'supervisor', NULL, 'top@example.cn'),
       ('sup-gen', '總支吳書記', 'supervisor', NULL, 'gen@example.cn'),
       ('sup-a2', '鄭聯系人', 'supervisor', NULL, 'a2@example.cn'),
       ('unit-a1', '一支部賬號', 'unit', 'a1', 'unit-a1@example.cn')`,
  );
}

const campaign = () => `camp-${testCount}`;

function warningDraft(unitId: string | null, notify: NotificationDraft['notify'], suffix = 'task/t1/rung-warning'): NotificationDraft {
  const message = rungMessage({
    rung: 'warning',
    taskTitle: { zh: '黨性分析報告', en: 'party-spirit analysis report' },
    dueDate: '2010-06-30',
    overdueDays: 7,
    nextRung: { rung: 'listed_supervision', onDate: '2010-07-14' },
  });
  return {
    key: `${campaign()}/${unitId ?? 'campaign'}/${suffix}`,
    campaignId: campaign(),
    unitId,
    kind: 'rung',
    notify,
    subject: message.subject,
    body: message.body,
    payload: { taskId: 't1', dueDate: '2010-06-30', rung: 'warning' },
  };
}

async function rowsOf(draftKey: string) {
  const { rows } = await db.pool.query(
    'SELECT key, recipient_role, recipient_id, recipient_name, channel, address, note FROM outbox WHERE draft_key = $1 ORDER BY key',
    [draftKey],
  );
  return rows;
}

async function outboxCount(): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox');
  return rows[0].n;
}

describe('writing notices to the outbox', () => {
  it('when a rung notice for secretary, supervisor and office is enqueued, then there is one row per recipient, keyed by notice and recipient', async () => {
    const draft = warningDraft('a1', ['secretary', 'supervisor', 'office']);
    const defaults: OutboxDefaults = { channel: 'smtp' };

    const result = await withTransaction(db.pool, (client) => enqueueInTransaction(client, [draft], defaults));

    const k = draft.key;
    expect(result.inserted).toBe(5);
    expect(result.keys.sort()).toEqual(
      [`${k}/office:office1`, `${k}/office:office2`, `${k}/secretary:a1`, `${k}/supervisor:sup-gen`, `${k}/supervisor:sup-shared`].sort(),
    );
    const rows = await rowsOf(k);
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    // The secretary from units.secretary, the nearest supervisors (gen's, not reg's sup-top), every admin.
    expect(byKey[`${k}/secretary:a1`]).toMatchObject({ recipient_role: 'secretary', recipient_name: '王書記', channel: 'smtp', address: 'wang@example.cn', note: null });
    expect(byKey[`${k}/supervisor:sup-gen`]).toMatchObject({ channel: 'smtp', address: 'gen@example.cn', recipient_name: '總支吳書記' });
    expect(byKey[`${k}/office:office1`]).toMatchObject({ channel: 'smtp', address: 'office1@example.cn' });
    // No user row (sup-shared) or no email (office2): still a row, logged to the console, with the reason.
    expect(byKey[`${k}/supervisor:sup-shared`]).toMatchObject({ channel: 'console', address: null });
    expect(byKey[`${k}/supervisor:sup-shared`].note).toContain('has no email address');
    expect(byKey[`${k}/office:office2`]).toMatchObject({ channel: 'console', address: null });
    expect(rows.map((r) => r.recipient_id)).not.toContain('sup-top');
  });

  it('when a unit lists its own supervisor, then that supervisor is the nearest and the level above is not told', async () => {
    const draft = warningDraft('a2', ['supervisor']);

    const { keys } = await outbox.enqueue([draft]);

    expect(keys).toEqual([`${draft.key}/supervisor:sup-a2`]);
  });

  it('when the same notices are enqueued again (a retried activity), then no row is inserted and the same keys come back', async () => {
    const drafts = [warningDraft('a1', ['secretary', 'supervisor', 'office']), warningDraft('a2', ['secretary'], 'task/t2/reminder-7')];
    const first = await outbox.enqueue(drafts);
    // A supervisor added in between does not grow a notice that is already stored.
    await db.pool.query("INSERT INTO unit_supervisors (unit_id, supervisor_id) VALUES ('a1', 'sup-late')");

    const again = await outbox.enqueue(drafts);

    expect(first.inserted).toBe(6);
    expect(again.inserted).toBe(0);
    expect(again.keys.sort()).toEqual(first.keys.sort());
    expect(await outboxCount()).toBe(6);
  });

  it('when the transaction of the ledger row rolls back, then no outbox row of its notice remains; when it is retried, both are written once', async () => {
    const draft = warningDraft('a1', ['secretary']);
    const entry = { key: draft.key, campaignId: campaign(), unitId: 'a1', kind: 'escalation.rung', actor: 'system', payload: {}, occurredAt: '2010-07-07T01:00:00Z' };

    await expect(
      withTransaction(db.pool, async (client) => {
        await appendInTransaction(client, entry);
        await enqueueInTransaction(client, [draft]);
        throw new Error('worker lost its connection before commit');
      }),
    ).rejects.toThrow('worker lost its connection');
    expect(await outboxCount()).toBe(0);

    for (let attempt = 0; attempt < 2; attempt++) {
      await withTransaction(db.pool, async (client) => {
        await appendInTransaction(client, entry);
        await enqueueInTransaction(client, [draft]);
      });
    }
    const ledger = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger WHERE idempotency_key = $1', [draft.key]);
    expect(ledger.rows[0].n).toBe(1);
    expect(await outboxCount()).toBe(1);
  });

  it('when a unit route and a role route both name the secretary, then the unit route wins for that unit and the role route serves the others', async () => {
    await outbox.setRoute({ role: 'secretary', channel: 'webhook', address: 'http://hooks.example.invalid/secretaries' });
    await outbox.setRoute({ role: 'secretary', unitId: 'a1', channel: 'smtp', address: 'branch-a1@example.cn' });
    const forA1 = warningDraft('a1', ['secretary']);
    const forA2 = warningDraft('a2', ['secretary']);
    const forLone = warningDraft('lone', ['supervisor']);

    await outbox.enqueue([forA1, forA2, forLone]);

    expect(await rowsOf(forA1.key)).toEqual([expect.objectContaining({ channel: 'smtp', address: 'branch-a1@example.cn' })]);
    expect(await rowsOf(forA2.key)).toEqual([expect.objectContaining({ channel: 'webhook', address: 'http://hooks.example.invalid/secretaries' })]);
    // Nobody supervises 'lone': the gap is a visible row, not a silent loss.
    expect(await rowsOf(forLone.key)).toEqual([
      expect.objectContaining({ recipient_id: NO_RECIPIENT, channel: 'console', note: expect.stringContaining('list no supervisor') }),
    ]);
  });

  it('when a route is replaced, then there is still one route for that role and unit', async () => {
    await outbox.setRoute({ role: 'office', channel: 'smtp' });
    await outbox.setRoute({ role: 'office', channel: 'console' });
    await outbox.setRoute({ role: 'office', unitId: 'a1', channel: 'smtp' });

    expect(await outbox.listRoutes()).toEqual([
      { role: 'office', unitId: null, channel: 'console', address: null },
      { role: 'office', unitId: 'a1', channel: 'smtp', address: null },
    ]);
  });
});

interface Received {
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
}

/** A real HTTP receiver on 127.0.0.1; `answer(n)` gives the status of the n-th request (1-based). */
async function startReceiver(answer: (n: number) => number = () => 200) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks) });
      const status = answer(received.length);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'try later');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/campaigns`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const SECRET = 'webhook-secret-for-tests-0123456789';

function validSignature(received: Received): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(received.raw).digest('hex')}`);
  const given = Buffer.from(String(received.headers['x-signature-256'] ?? ''));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const quiet = new DefaultLogger('ERROR');

function deliveryWith(notifier: Notifier, leaseMs?: number) {
  const { deliverNotifications } = createNotificationActivities({ outbox: createOutbox(db.pool), notifier, leaseMs });
  // Failed attempts are expected here; keep the SDK's warnings out of the test output.
  return (keys: string[]) => new MockActivityEnvironment(undefined, { logger: quiet }).run(deliverNotifications, { keys });
}

describe('delivering by webhook', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  afterEach(async () => {
    await receiver?.close();
  });

  it('when a notice is delivered, then the receiver gets the signed JSON with the outbox key as Idempotency-Key, and the row is marked delivered', async () => {
    receiver = await startReceiver();
    const { keys } = await createOutbox(db.pool, { channel: 'webhook', webhookUrl: receiver.url }).enqueue([warningDraft('a1', ['secretary'])]);
    const deliver = deliveryWith(createNotifier({ channels: { webhook: createWebhookNotifier({ secret: SECRET }) } }));

    await expect(deliver(keys)).resolves.toEqual({ delivered: 1, alreadyDelivered: 0, unknown: 0 });

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(validSignature(request)).toBe(true);
    expect(request.headers['idempotency-key']).toBe(keys[0]);
    expect(Number(request.headers['x-timestamp'])).toBeGreaterThan(1_700_000_000);
    const document = JSON.parse(request.raw.toString('utf8'));
    expect(document).toMatchObject({
      key: keys[0],
      kind: 'rung',
      payload: { taskId: 't1', rung: 'warning' },
      recipient: { role: 'secretary', id: 'a1', name: '王書記' },
    });
    expect(document.subject).toContain('黃牌預警 (yellow-card warning)');
    const row = await outbox.get(keys[0]);
    expect(row?.deliveredAt).not.toBeNull();
    expect(row?.attempts).toBe(1);
  });

  it('when the receiver fails twice and then accepts, then each failure throws for Temporal to retry, every try carries the same key, and delivery is recorded once', async () => {
    receiver = await startReceiver((n) => (n <= 2 ? 503 : 200));
    const { keys } = await createOutbox(db.pool, { channel: 'webhook', webhookUrl: receiver.url }).enqueue([warningDraft('a1', ['secretary'])]);
    const deliver = deliveryWith(createNotifier({ channels: { webhook: createWebhookNotifier({ secret: SECRET }) } }));

    // Temporal's retry policy supplies the backoff; here the retries follow at once.
    await expect(deliver(keys)).rejects.toThrow(NotificationDeliveryError);
    expect((await outbox.get(keys[0]))?.lastError).toContain('answered 503');
    await expect(deliver(keys)).rejects.toThrow(/answered 503/);
    await expect(deliver(keys)).resolves.toEqual({ delivered: 1, alreadyDelivered: 0, unknown: 0 });
    await expect(deliver(keys)).resolves.toEqual({ delivered: 0, alreadyDelivered: 1, unknown: 0 });

    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers['idempotency-key']))).toEqual(new Set(keys));
    expect(receiver.received.every(validSignature)).toBe(true);
    const row = await outbox.get(keys[0]);
    expect(row).toMatchObject({ attempts: 3, lastError: null });
    expect(row?.deliveredAt).not.toBeNull();
  });

  it('when one recipient fails, then the others are still delivered, the failure is recorded and the activity throws', async () => {
    receiver = await startReceiver((n) => (n === 1 ? 500 : 200));
    await outbox.setRoute({ role: 'supervisor', channel: 'console' });
    const { keys } = await createOutbox(db.pool, { channel: 'webhook', webhookUrl: receiver.url }).enqueue([warningDraft('a1', ['secretary', 'supervisor'])]);
    const lines: string[] = [];
    const deliver = deliveryWith(
      createNotifier({ channels: { webhook: createWebhookNotifier({ secret: SECRET }), console: createConsoleNotifier({ logger: { info: (l) => lines.push(l) } }) } }),
    );

    const failure = await deliver(keys).then(
      () => null,
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(NotificationDeliveryError);
    expect((failure as NotificationDeliveryError).failures.map((f) => f.key)).toEqual(keys.filter((k) => k.includes('/secretary:')));
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.startsWith('[notify] ') && line.includes('/supervisor:'))).toBe(true);
    expect(await outbox.undelivered(keys)).toEqual([expect.objectContaining({ recipientRole: 'secretary', attempts: 1 })]);
  });

  it('when a worker died between the send and its record, then the send is repeated once, with the same key, after its lease expires', async () => {
    receiver = await startReceiver();
    const { keys } = await createOutbox(db.pool, { channel: 'webhook', webhookUrl: receiver.url }).enqueue([warningDraft('a1', ['secretary'])]);
    const webhook = createWebhookNotifier({ secret: SECRET });
    // The dead worker: claimed the row and sent, then never recorded.
    // A long lease, so that a slow machine cannot let it lapse before the retry below.
    const claim = await outbox.claim(keys[0], 60_000);
    if (claim.status !== 'claimed') throw new Error(`expected to claim the row, got ${claim.status}`);
    await webhook.send(claim.message);
    const deliver = deliveryWith(createNotifier({ channels: { webhook } }), 60_000);

    // While the lease holds, a retry does not send (the first worker may still be sending).
    await expect(deliver(keys)).rejects.toThrow(/another attempt is sending it/);
    expect(receiver.received).toHaveLength(1);
    // The lease runs out (its end moved to now, instead of waiting a minute), and the next retry sends.
    await db.pool.query('UPDATE outbox SET claimed_until = now() WHERE key = $1', [keys[0]]);
    await expect(deliver(keys)).resolves.toMatchObject({ delivered: 1 });
    await expect(deliver(keys)).resolves.toMatchObject({ delivered: 0, alreadyDelivered: 1 });

    expect(receiver.received.map((r) => r.headers['idempotency-key'])).toEqual([keys[0], keys[0]]);
  });
});


describe('delivering by email', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let mailer: ReturnType<typeof createSmtpNotifier>;
  afterEach(async () => {
    await mailer?.close();
    await smtp?.close();
  });

  it('when a notice is emailed, then the Message-ID is derived from the outbox key, the key is in X-Idempotency-Key, and subject and body are the Chinese text', async () => {
    smtp = await startSmtp();
    mailer = createSmtpNotifier({ url: smtp.url, from: 'campaign-office@example.cn' });
    const draft = warningDraft('a1', ['secretary']);
    const { keys } = await createOutbox(db.pool, { channel: 'smtp' }).enqueue([draft]);
    const deliver = deliveryWith(createNotifier({ channels: { smtp: mailer } }));

    await expect(deliver(keys)).resolves.toEqual({ delivered: 1, alreadyDelivered: 0, unknown: 0 });

    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail.to).toEqual(['wang@example.cn']);
    expect(mail.from).toBe('campaign-office@example.cn');
    const { headers, body } = parseMail(mail.raw);
    expect(headers['message-id']).toBe(messageIdFor(keys[0]));
    expect(messageIdFor(keys[0])).toMatch(/^<[0-9a-f]{64}@campaigns\.invalid>$/);
    expect(headers['x-idempotency-key']).toBe(keys[0]);
    expect(headers['content-type']).toMatch(/charset=utf-8/i);
    expect(headers.subject).toBe(draft.subject);
    expect(headers.to).toContain('王書記');
    expect(body.replace(/\r\n/g, '\n').trim()).toBe(draft.body);
  });

  it('when the same keys are delivered again, then no mail is sent', async () => {
    smtp = await startSmtp();
    mailer = createSmtpNotifier({ url: smtp.url, from: 'campaign-office@example.cn' });
    const { keys } = await createOutbox(db.pool, { channel: 'smtp' }).enqueue([warningDraft('a1', ['secretary', 'office'])]);
    const deliver = deliveryWith(createNotifier({ channels: { smtp: mailer, console: createConsoleNotifier({ logger: { info: () => undefined } }) } }));

    const first = await deliver(keys);
    const again = await deliver(keys);

    // secretary and office1 by email; office2 has no email and went to the console.
    expect(first).toEqual({ delivered: 3, alreadyDelivered: 0, unknown: 0 });
    expect(again).toEqual({ delivered: 0, alreadyDelivered: 3, unknown: 0 });
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual(['office1@example.cn', 'wang@example.cn']);
    expect((await outbox.stats(campaign())).delivered).toBe(3);
  });
});

describe('channels from the configuration', () => {
  it('when the default channel is webhook without a secret, then building the channels fails and names the variable', () => {
    expect(() =>
      createNotificationsFromConfig({ NOTIFY_CHANNEL: 'webhook', WEBHOOK_URL: 'http://127.0.0.1:9/hook', MAIL_FROM: 'office@localhost' }),
    ).toThrow(/WEBHOOK_SECRET/);
  });

  it('when only the console is configured, then a message routed to smtp fails for retry rather than vanishing', async () => {
    const { notifier, outboxDefaults } = createNotificationsFromConfig({ NOTIFY_CHANNEL: 'console', MAIL_FROM: 'office@localhost' }, { logger: { info: () => undefined } });
    await outbox.setRoute({ role: 'secretary', channel: 'smtp' });
    const { keys } = await createOutbox(db.pool, outboxDefaults).enqueue([warningDraft('a1', ['secretary'])]);

    await expect(deliveryWith(notifier)(keys)).rejects.toThrow(/no notifier is configured for channel "smtp"/);
    expect(await outbox.undelivered(keys)).toHaveLength(1);
  });
});
