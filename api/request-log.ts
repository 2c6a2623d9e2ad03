/**
 * One JSON log line per request with `requestId`, `userId` and, where the
 * request reached workflows, `workflowId` (and `workflowIds` when it reached
 * several); and the request's latency in the metrics, by declared route.
 *
 * The line is the one pino-http wrote (`req`, `res`, `responseTime`, "request
 * completed" / "request errored" / "request aborted"), written here in one
 * call when the request ends: pino-http built two or three child loggers per
 * request, each serialising its bindings through the redaction, even when the
 * level was off (≈ 0.13 ms a request: docs/scaling.md, the overdue board).
 */
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../observability/logger';
import type { ApiMetrics } from '../observability/metrics';
import { runInRequestContext, type RequestContext } from '../observability/request-context';
import { requestId } from './edge';

/** The ids a request's line carries once the caller and the workflows are known. */
function idsOf(res: Response, store: RequestContext): Record<string, unknown> {
  const user = res.locals.user as { id?: string } | undefined;
  const { workflowIds } = store;
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

export function requestLogging(logger: Logger, metrics: ApiMetrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const startedAt = Date.now();
    const id = requestId(req);
    res.setHeader('X-Request-Id', id);
    const store: RequestContext = { workflowIds: [] };
    res.locals.requestContext = store;
    res.once('finish', () => {
      metrics.observeRequest({ method: req.method, route: routeOf(req), status: res.statusCode }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    let logged = false;
    const logLine = () => {
      if (logged) return;
      logged = true;
      const failed = res.statusCode >= 500;
      const level = failed ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const line = {
        requestId: id,
        ...idsOf(res, store),
        req: { method: req.method, url: req.originalUrl, remoteAddress: req.socket.remoteAddress },
        res: { statusCode: res.statusCode },
        ...(failed ? { err: new Error(`failed with status code ${res.statusCode}`) } : {}),
        responseTime: Date.now() - startedAt,
      };
      logger[level](line, failed ? 'request errored' : res.writableEnded ? 'request completed' : 'request aborted');
    };
    res.once('finish', logLine);
    res.once('close', logLine);
    runInRequestContext(store, next);
  };
}
