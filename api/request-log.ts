/**
 * One JSON log line per request (pino-http) with `requestId`, `userId` and,
 * where the request reached workflows, `workflowId` (and `workflowIds` when it
 * reached several); and the request's latency in the metrics, by declared route.
 */
import type { Request, RequestHandler, Response } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../observability/logger';
import type { ApiMetrics } from '../observability/metrics';
import { runInRequestContext, type RequestContext } from '../observability/request-context';
import { requestId } from './edge';

function contextOf(res: Response): RequestContext | undefined {
  return res.locals.requestContext as RequestContext | undefined;
}

/** The ids a request's lines carry once the caller and the workflows are known. */
function idsOf(res: Response): Record<string, unknown> {
  const user = res.locals.user as { id?: string } | undefined;
  const workflowIds = contextOf(res)?.workflowIds ?? [];
  return {
    ...(user?.id ? { userId: user.id } : {}),
    ...(workflowIds.length ? { workflowId: workflowIds[0] } : {}),
    ...(workflowIds.length > 1 ? { workflowIds } : {}),
  };
}

/** The declared route (`/campaigns/:id`), so the metric's labels stay few; `(unmatched)` for a 404 of no route. */
function routeOf(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path === 'string') return path;
  if (req.originalUrl.startsWith('/docs')) return '/docs';
  return '(unmatched)';
}

export function requestLogging(logger: Logger, metrics: ApiMetrics): RequestHandler[] {
  const http = pinoHttp({
    logger,
    genReqId: (req, res) => {
      const id = requestId(req as Request);
      res.setHeader('X-Request-Id', id);
      return id;
    },
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    customProps: (_req, res) => idsOf(res as Response),
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    serializers: {
      req: (req: { method: string; url: string; remoteAddress?: string }) => ({ method: req.method, url: req.url, remoteAddress: req.remoteAddress }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
  const context: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    const store: RequestContext = { workflowIds: [] };
    res.locals.requestContext = store;
    res.once('finish', () => {
      metrics.observeRequest({ method: req.method, route: routeOf(req), status: res.statusCode }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    runInRequestContext(store, next);
  };
  return [context, http];
}
