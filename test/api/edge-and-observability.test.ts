/**
 * The HTTP edge and what the API tells its operators (issue 17): security
 * headers, the limits per address and per token (429 with Retry-After), the
 * request deadline, 503 while PostgreSQL is away, one JSON log line per
 * request with its ids, and the Prometheus metrics.
 */
import { Writable } from 'node:stream';
import { Client } from '@temporalio/client';
import request from 'supertest';
import { createStorage } from '../../adapters/storage';
import type { Pool } from '../../adapters/storage/database';
import { createLogger } from '../../observability/logger';
import { workflowIdInterceptor } from '../../observability/request-context';
import { unitWorkflowId } from '../../contracts/workflow-ids';
import { planStartingToday, startApiTestEnv, type ApiTestEnv } from './support';
import { eventually } from '../support/campaign-script';

let t: ApiTestEnv;

beforeAll(async () => {
  t = await startApiTestEnv();
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

/** A pino destination that keeps each line, parsed. */
function captureLines() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'api', level: 'info', destination }) };
}

/** Prometheus text format → { 'name{labels}': value }. */
function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?)\s+(\S+)/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    samples.set(match[1], Number(match[2]));
  }
  return samples;
}

describe('the edge', () => {
  test('when any route answers, then helmet’s security headers are set and x-powered-by is not', async () => {
    const res = await request(t.server.url).get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  test('when one token goes over its limit per minute, then 429 with Retry-After, while another token still passes', async () => {
    const app = t.appWith({ edge: { rateLimit: { perTokenPerMinute: 3, perIpPerMinute: 1000 } } });
    for (let i = 0; i < 3; i += 1) expect((await request(app).get('/templates').set('Authorization', t.auth('office'))).status).toBe(200);
    const refused = await request(app).get('/templates').set('Authorization', t.auth('office'));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.body.error).toBe('TooManyRequests');
    expect((await request(app).get('/templates').set('Authorization', t.auth('li'))).status).toBe(200);
  });

  test('when one address goes over its limit per minute, then 429 with Retry-After even without a token, and /health and /ready stay answered', async () => {
    const app = t.appWith({ edge: { rateLimit: { perTokenPerMinute: 1000, perIpPerMinute: 2 } } });
    await request(app).get('/templates');
    await request(app).get('/templates');
    const refused = await request(app).get('/templates');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await request(app).get('/health')).status).toBe(200);
    expect((await request(app).get('/ready')).status).toBe(200);
  });

  test('when a request is not answered within the deadline, then 503 Timeout with Retry-After, not a hang', async () => {
    const hanging = { query: () => new Promise(() => undefined), connect: () => new Promise(() => undefined) } as unknown as Pool;
    const app = t.appWith({ storage: createStorage(hanging), edge: { requestTimeoutMs: 300 } });
    const started = Date.now();
    const res = await request(app).get('/campaigns').set('Authorization', t.auth('office'));
    expect(res.status).toBe(503);
    expect(res.body.error).toBe('Timeout');
    expect(res.headers['retry-after']).toBe('5');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test('when PostgreSQL refuses connections, then a route answers 503 Unavailable with Retry-After, never 500', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const away = { query: () => Promise.reject(refused), connect: () => Promise.reject(refused) } as unknown as Pool;
    const app = t.appWith({ storage: createStorage(away) });
    const res = await request(app).get('/campaigns').set('Authorization', t.auth('office'));
    expect(res.status).toBe(503);
    expect(res.body.error).toBe('Unavailable');
    expect(res.headers['retry-after']).toBe('5');
  });

  test('when a body carries a field the route does not declare (mass assignment), then 400 names it and nothing is stored', async () => {
    const res = await request(t.server.url)
      .post('/campaigns')
      .set('Authorization', t.auth('office'))
      .send({ id: 'assigned', plan: planStartingToday('assigned'), createdBy: 'someone-else' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.problems)).toContain('createdBy');
    expect((await request(t.server.url).get('/campaigns/assigned').set('Authorization', t.auth('office'))).status).toBe(404);
  });

  test('when a body is larger than the route accepts, then 413 as before', async () => {
    const huge = { id: 'too-big', plan: { padding: 'x'.repeat(1_100_000) } };
    const res = await request(t.server.url).post('/campaigns').set('Authorization', t.auth('office')).send(huge);
    expect(res.status).toBe(413);
  });
});

describe('structured logs', () => {
  test('when a signed-in user reaches a workflow, then the request’s JSON line carries requestId, userId and workflowId', async () => {
    const { lines, logger } = captureLines();
    const temporal = new Client({ connection: t.env.client.connection, namespace: t.env.namespace ?? 'default', interceptors: { workflow: [workflowIdInterceptor] } });
    const app = t.appWith({ requestLogger: logger, temporal });
    const campaignId = 'logged-campaign';
    expect((await request(app).post('/campaigns').set('Authorization', t.auth('office')).send({ id: campaignId, plan: planStartingToday(campaignId) })).status).toBe(201);
    const start = await request(app).post(`/campaigns/${campaignId}/starts`).set('Authorization', t.auth('office')).send({ subtreeRootId: 'committee-b1', requestId: 'logged-start' });
    expect(start.status).toBe(202);
    await eventually(async () => (await request(app).get(`/campaigns/${campaignId}/units/committee-b1`).set("Authorization", t.auth("u1"))).status === 200);

    const res = await request(app).get(`/campaigns/${campaignId}/units/committee-b1`).set('Authorization', t.auth('u1')).set('X-Request-Id', 'trace-me-42');
    expect(res.headers['x-request-id']).toBe('trace-me-42');
    const line = lines.find((l) => l.requestId === 'trace-me-42');
    expect(line).toMatchObject({ level: 'info', service: 'api', userId: 'u1', workflowId: unitWorkflowId(campaignId, 'committee-b1'), res: { statusCode: 200 } });
    expect(typeof line?.time).toBe('string');
    expect(JSON.stringify(lines)).not.toContain(t.tokens.u1);
  });

  test('when a request comes without an id, then one is made, returned and logged, and a 401 is logged at warn without a user', async () => {
    const { lines, logger } = captureLines();
    const res = await request(t.appWith({ requestLogger: logger })).get('/templates');
    expect(res.status).toBe(401);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const line = lines.find((l) => l.requestId === id);
    expect(line).toMatchObject({ level: 'warn', res: { statusCode: 401 } });
    expect(line).not.toHaveProperty('userId');
  });
});

describe('GET /metrics', () => {
  test('when scraped, then latency histograms by declared route, the outbox backlog and age, rungs, ledger rows and units started parse as Prometheus text', async () => {
    const app = t.appWith({});
    await request(app).get('/templates').set('Authorization', t.auth('office'));
    await request(app).get('/templates/seed-003-bureau').set('Authorization', t.auth('office'));
    const res = await request(app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const samples = parseMetrics(res.text);
    expect(samples.get('http_request_duration_seconds_count{method="GET",route="/templates",status="200"}')).toBe(1);
    expect(samples.get('http_request_duration_seconds_count{method="GET",route="/templates/:id",status="200"}')).toBe(1);
    expect([...samples.keys()].some((k) => k.includes('seed-003-bureau'))).toBe(false);
    expect(samples.get('campaigns_figures_up')).toBe(1);
    expect(samples.has('campaigns_outbox_undelivered')).toBe(true);
    expect(samples.has('campaigns_outbox_oldest_undelivered_age_seconds')).toBe(true);
    expect(samples.has('process_resident_memory_bytes')).toBe(true);
  });

  test('when campaigns have run, then ledger rows by kind and units started match the database', async () => {
    const res = await request(t.appWith({})).get('/metrics');
    const samples = parseMetrics(res.text);
    const kinds = await t.h.db.pool.query<{ kind: string; n: number }>('SELECT kind, count(*)::int AS n FROM ledger GROUP BY kind');
    expect(kinds.rows.length).toBeGreaterThan(0);
    for (const { kind, n } of kinds.rows) expect(samples.get(`campaigns_ledger_rows{kind="${kind}"}`)).toBe(n);
    const started = await t.h.db.pool.query<{ campaign_id: string; n: number }>('SELECT campaign_id, count(*)::int AS n FROM campaign_units GROUP BY campaign_id');
    for (const { campaign_id, n } of started.rows) expect(samples.get(`campaigns_fanout_units_started{campaign="${campaign_id}"}`)).toBe(n);
    const undelivered = await t.h.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE delivered_at IS NULL');
    expect(samples.get('campaigns_outbox_undelivered')).toBe(undelivered.rows[0].n);
  });

  test('when PostgreSQL is away, then /metrics still answers with campaigns_figures_up 0', async () => {
    const away = { query: () => Promise.reject(new Error('connection refused')) } as unknown as Pool;
    const res = await request(t.appWith({ storage: createStorage(away) })).get('/metrics');
    expect(res.status).toBe(200);
    expect(parseMetrics(res.text).get('campaigns_figures_up')).toBe(0);
  });

  test('when a metrics token is configured, then a scrape without it is 401', async () => {
    const app = t.appWith({ metricsToken: 'a-metrics-token-of-some-length' });
    expect((await request(app).get('/metrics')).status).toBe(401);
    expect((await request(app).get('/metrics').set('Authorization', 'Bearer a-metrics-token-of-some-length')).status).toBe(200);
  });
});
