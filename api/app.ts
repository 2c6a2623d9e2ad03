/**
 * The REST API: authenticates, authorises against the unit tree, validates
 * with zod, and turns a request into a workflow start, update or query, or a
 * read of PostgreSQL. Business rules stay in domain/ and the workflows.
 *
 *   const app = createApp({ temporal: client, storage: createStorage(pool), taskQueue: 'campaigns' });
 *   const server = await startApiServer(app, { port: 3000, host: '127.0.0.1' });
 */
import type { ReportFont } from './exports/summary-report-pdf';
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { Client } from '@temporalio/client';
import express, { type Express } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { Storage } from '../adapters/storage';
import { createLogger, type Logger } from '../observability/logger';
import { createApiMetrics, type ApiMetrics } from '../observability/metrics';
import { authenticate, createAccess } from './auth';
import { DEFAULT_EDGE, rateLimits, requestTimeout, securityHeaders, type EdgeOptions } from './edge';
import { requestLogging } from './request-log';
import type { ApiContext, ChannelTest } from './context';
import { errorHandler, notFoundHandler, type ApiLogger } from './errors';
import type { ReplyCheck } from './reply-check';
import { ApiRoutes, type RouteTable } from './route';
import { DOMAIN_COMPONENTS } from './routes/common.schemas';
import { z } from './zod';
import { registerCampaignRoutes } from './routes/campaigns';
import { registerClassificationRoutes } from './routes/classifications';
import { registerDutyRoutes } from './routes/duties';
import { registerExtensionRoutes } from './routes/extensions';
import { registerHolidayRoutes } from './routes/holidays';
import { registerLedgerRoutes } from './routes/ledger';
import { registerMetaRoutes } from './routes/meta';
import { registerNotificationRouteRoutes } from './routes/notification-routes';
import { registerOverdueRoutes } from './routes/overdue';
import { registerRectificationRoutes } from './routes/rectifications';
import { registerReviewRoutes } from './routes/reviews';
import { registerSupervisionRoutes } from './routes/supervision';
import { registerSupervisionScheduleRoutes } from './routes/supervision-schedule';
import { registerUnitCampaignRoutes } from './routes/unit-campaigns';
import { registerUnitRoutes } from './routes/units';
import { registerUnitTreeRoutes } from './routes/unit-tree';
import { registerMemberRoutes } from './routes/members';
import { registerCommitmentRoutes } from './routes/commitments';
import { registerCommendationRoutes } from './routes/commendations';
import { registerScoringRoutes } from './routes/scoring';
import { registerPlanRoutes } from './routes/plans';
import { registerReportRoutes } from './routes/reports';
import { registerSessionRoutes } from './routes/session';
import { serveDashboard } from './dashboard';

export interface ApiDeps {
  temporal: Client;
  /** Every repository, built once from the service's pool (adapters/storage: createStorage). */
  storage: Storage;
  /** Where campaign workflows are started (the worker's task queue). */
  taskQueue: string;
  /** Whether Temporal answers; by default a call to the frontend's system info. */
  checkTemporal?: () => Promise<boolean>;
  /** Where unexpected errors are logged; console by default. */
  logger?: ApiLogger;
  /** When given, every reply is checked against its documented schema and each mismatch reported (the tests fail on any). */
  checkReply?: ReplyCheck;
  /** Sends a test notice through a channel (POST /notification-routes/test-send); built from the same configuration as the worker's channels. */
  testChannel?: ChannelTest;
  /** Rate limits, request deadline, proxy trust; config/env.ts's defaults when absent. */
  edge?: Partial<EdgeOptions>;
  /** Where the one JSON line per request goes (pino); silent when absent. */
  requestLogger?: Logger;
  /** When set, GET /metrics asks for this bearer token. */
  metricsToken?: string;
  /** The Prometheus registry of this app; a fresh one when absent. */
  metrics?: ApiMetrics;
  /** The largest tree POST /plans/simulate takes; 1,000,000 units by default. */
  simulationMaxUnits?: number;
  /** The CJK font of the PDF summary report; Debian's fonts-noto-cjk file when absent. */
  reportFont?: ReportFont;
}

const consoleLogger: ApiLogger = {
  error: (message, context) => console.error(message, context ?? ''),
  warn: (message, context) => console.warn(message, context ?? ''),
};

export interface CampaignApp extends Express {
  /** The OpenAPI document served at /openapi.json. */
  readonly openApiDocument: ReturnType<OpenApiGeneratorV31['generateDocument']>;
  /** Every route with who may call it. */
  readonly routeTable: readonly RouteTable[];
}

export function createApp(deps: ApiDeps): CampaignApp {
  const app = express() as CampaignApp;
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  const edge: EdgeOptions = { ...DEFAULT_EDGE, ...deps.edge };
  if (edge.trustProxyHops > 0) app.set('trust proxy', edge.trustProxyHops);
  const metrics = deps.metrics ?? createApiMetrics();
  app.use(requestLogging(deps.requestLogger ?? createLogger({ service: 'api', level: 'silent' }), metrics));
  app.use(securityHeaders());
  if (edge.rateLimit) app.use(rateLimits(edge.rateLimit));
  app.use(requestTimeout(edge.requestTimeoutMs));

  const router = express.Router();
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'A token issued by the campaign office: `npm run users -- token --id <user id>`.',
  });

  for (const [name, schema] of Object.entries(DOMAIN_COMPONENTS)) {
    const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
    registry.registerComponent('schemas', name, jsonSchema as never);
  }

  const { storage } = deps;
  const ctx: ApiContext = {
    temporal: deps.temporal,
    storage,
    taskQueue: deps.taskQueue,
    checkTemporal:
      deps.checkTemporal ??
      (async () => {
        await deps.temporal.workflowService.getSystemInfo({});
        return true;
      }),
    access: createAccess(storage.units),
    routes: new ApiRoutes(router, registry, authenticate(storage.users, storage.sessions), deps.checkReply),
    logger: deps.logger ?? consoleLogger,
    ...(deps.testChannel ? { testChannel: deps.testChannel } : {}),
    ...(deps.simulationMaxUnits !== undefined ? { simulationMaxUnits: deps.simulationMaxUnits } : {}),
    ...(deps.reportFont ? { reportFont: deps.reportFont } : {}),
  };

  registerMetaRoutes(ctx);
  registerPlanRoutes(ctx);
  registerSessionRoutes(ctx);
  registerCampaignRoutes(ctx);
  registerUnitCampaignRoutes(ctx);
  registerExtensionRoutes(ctx);
  registerReviewRoutes(ctx);
  registerClassificationRoutes(ctx);
  registerRectificationRoutes(ctx);
  registerSupervisionRoutes(ctx);
  registerSupervisionScheduleRoutes(ctx);
  registerOverdueRoutes(ctx);
  registerDutyRoutes(ctx);
  registerLedgerRoutes(ctx);
  registerReportRoutes(ctx);
  registerUnitRoutes(ctx);
  registerUnitTreeRoutes(ctx);
  registerMemberRoutes(ctx);
  registerCommitmentRoutes(ctx);
  registerCommendationRoutes(ctx);
  registerScoringRoutes(ctx);
  registerHolidayRoutes(ctx);
  registerNotificationRouteRoutes(ctx);

  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: '創先爭優活動 campaign orchestrator API',
      version: '0.1.0',
      description:
        'Staged striving-for-excellence campaigns (創先爭優活動): the campaign office (活動領導小組辦公室) defines and starts campaigns, units (基層黨組織) submit their work, supervisors (上級黨組織負責人) approve or reject it; every step is recorded in the ledger (台帳).',
    },
    servers: [{ url: '/' }],
  });
  Object.defineProperty(app, 'openApiDocument', { value: document });
  Object.defineProperty(app, 'routeTable', { value: ctx.routes.table });

  app.get('/metrics', async (req, res) => {
    if (deps.metricsToken && req.get('authorization') !== `Bearer ${deps.metricsToken}`) {
      res.status(401).json({ error: 'Unauthenticated', message: 'GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>"' });
      return;
    }
    const text = await metrics.render(() => storage.figures.read());
    res.type(metrics.registry.contentType).send(text);
  });
  app.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  // Swagger UI's assets come from the swagger-ui-dist package, served here: no CDN.
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: '創先爭優 API' }));
  app.use(router);
  serveDashboard(app);
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger, deps.checkReply));
  return app;
}
