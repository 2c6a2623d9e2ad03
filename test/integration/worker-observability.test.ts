/**
 * The worker's observability (issue 17) on a real dev server: the runtime the
 * worker entry installs (worker/runtime.ts) writes the SDK's workflow and
 * activity logs as the service's JSON lines with workflowId, serves the SDK's
 * Prometheus metrics, and with tracing on (observability/tracing.ts) the
 * client, the workflow and the activity each leave a span.
 *
 * This file installs its own Temporal runtime, so it must not import
 * test/support/temporal.ts (which installs the tests' default one).
 */
import net from 'node:net';
import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { Client } from '@temporalio/client';
import { Context } from '@temporalio/activity';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { resolveTemporalCli } from '../../config/temporal-binaries';
import { createLogger } from '../../observability/logger';
import { startTracing } from '../../observability/tracing';
import { installWorkerRuntime } from '../../worker/runtime';

const lines: Array<Record<string, unknown>> = [];
const destination = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let env: TestWorkflowEnvironment;
let metricsPort: number;
const spans = new InMemorySpanExporter();
const tracing = startTracing({}, 'campaigns-worker-test', spans);
const taskQueue = `observed-${randomUUID()}`;
const workflowId = `observed-${randomUUID()}`;

beforeAll(async () => {
  metricsPort = await freePort();
  installWorkerRuntime({ logger: createLogger({ service: 'worker', level: 'debug', destination }), metricsBindAddress: `127.0.0.1:${metricsPort}` });
  env = await TestWorkflowEnvironment.createLocal({ server: { executable: resolveTemporalCli().executable, log: { format: 'pretty', level: 'error' } } });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('./fixtures/observed-workflow'),
    activities: {
      async echo(text: string) {
        Context.current().log.info('echo activity runs', { text });
        return text;
      },
    },
    ...tracing.workerOptions,
  });
  const client = new Client({ connection: env.client.connection, namespace: env.namespace ?? 'default', interceptors: { workflow: tracing.clientInterceptors } });
  await worker.runUntil(client.workflow.execute('observedWorkflow', { taskQueue, workflowId, args: ['hello'] }));
  // flush, not stop: stopping shuts the in-memory exporter down, which forgets its spans.
  await tracing.flush();
}, 180_000);

afterAll(async () => {
  await tracing.stop();
  await env?.teardown();
});

test('when a workflow and its activity log through the SDK, then each line is the service’s JSON with the workflowId', () => {
  const workflowLine = lines.find((l) => l.msg === 'observed workflow runs');
  expect(workflowLine).toMatchObject({ service: 'worker', level: 'info', workflowId, taskQueue, workflowType: 'observedWorkflow', text: 'hello' });
  expect(typeof workflowLine?.time).toBe('string');
  const activityLine = lines.find((l) => l.msg === 'echo activity runs');
  expect(activityLine).toMatchObject({ service: 'worker', level: 'info', workflowId, activityType: 'echo', taskQueue });
});

test('when the worker has run, then the SDK’s Prometheus exporter serves its metrics for the task queue', async () => {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const samples = text.split('\n').filter((line) => line && !line.startsWith('#'));
  expect(samples.length).toBeGreaterThan(0);
  for (const line of samples) expect(line).toMatch(/^[a-zA-Z_:][\w:]*(\{.*\})?\s+\S+$/);
  const forQueue = samples.filter((line) => line.startsWith('temporal_') && line.includes(`task_queue="${taskQueue}"`));
  expect(forQueue.length).toBeGreaterThan(0);
  expect(forQueue.some((line) => /^temporal_workflow_completed\b/.test(line) && Number(line.split(/\s+/).pop()) >= 1)).toBe(true);
});

test('when tracing is on, then the client start, the workflow run and the activity run each export a span', () => {
  const names = spans.getFinishedSpans().map((span) => span.name);
  expect(names).toEqual(expect.arrayContaining(['StartWorkflow:observedWorkflow', 'RunWorkflow:observedWorkflow', 'RunActivity:echo']));
});

test('when OTEL_EXPORTER_OTLP_ENDPOINT is not set, then tracing is off and adds no interceptor', () => {
  const off = startTracing({}, 'campaigns-api');
  expect(off.enabled).toBe(false);
  expect(off.clientInterceptors).toEqual([]);
  expect(off.workerOptions).toEqual({});
  expect(typeof off.flush).toBe('function');
});
