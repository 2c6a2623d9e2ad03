/**
 * OpenTelemetry traces through the Temporal SDK's interceptors
 * (@temporalio/interceptors-opentelemetry): off unless
 * OTEL_EXPORTER_OTLP_ENDPOINT is set, then spans of the API's workflow calls,
 * of activities and (when the worker bundles its workflows, or the bundle was
 * built with the interceptor module) of workflows go there over OTLP/HTTP.
 */
import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkerOptions } from '@temporalio/worker';

export interface Tracing {
  enabled: boolean;
  /** For `new Client({ interceptors: { workflow } })`. */
  clientInterceptors: WorkflowClientInterceptor[];
  /** For Worker.create: activity interceptors, the workflow interceptor module and the sink that exports workflow spans. */
  workerOptions: Pick<WorkerOptions, 'interceptors' | 'sinks'>;
  /** Exports the spans still buffered. */
  flush(): Promise<void>;
  /** Flushes, then shuts the exporter down. */
  stop(): Promise<void>;
}

/** The workflow-side interceptor module, bundled into the workflow code when tracing is on. */
export const WORKFLOW_TRACING_MODULE = require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

const OFF: Tracing = { enabled: false, clientInterceptors: [], workerOptions: {}, flush: async () => undefined, stop: async () => undefined };

/** `exporter` replaces the OTLP exporter (tests read spans from memory). */
export function startTracing(config: { OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined }, serviceName: string, exporter?: SpanExporter): Tracing {
  const endpoint = config.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint && !exporter) return OFF;
  const resource = new Resource({ 'service.name': serviceName });
  const processor = new BatchSpanProcessor(exporter ?? new OTLPTraceExporter({ url: `${endpoint!.replace(/\/+$/, '')}/v1/traces` }));
  const provider = new BasicTracerProvider({ resource });
  provider.addSpanProcessor(processor);
  trace.setGlobalTracerProvider(provider);
  const tracer = provider.getTracer('campaign-orchestrator');
  return {
    enabled: true,
    clientInterceptors: [new OpenTelemetryWorkflowClientInterceptor({ tracer })],
    workerOptions: {
      interceptors: {
        activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx, { tracer }), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
        workflowModules: [WORKFLOW_TRACING_MODULE],
      },
      sinks: { exporter: makeWorkflowExporter(processor, resource) },
    },
    flush: () => provider.forceFlush(),
    stop: async () => {
      await provider.forceFlush();
      await provider.shutdown();
    },
  };
}
