/**
 * The HTTP edge, in front of every route: security headers (helmet), a
 * request id, a limit per client address and one per bearer token (429 with
 * Retry-After), and a deadline after which a request is answered 503 rather
 * than left hanging. Body limits stay per route (api/route.ts: 1 MB unless a
 * route says otherwise, read only after the caller is known).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { configSchema } from '../config/env';
import type { ErrorBody } from './errors';

export interface EdgeOptions {
  /** Per-minute limits, or false for none (tests that are not about limits). */
  rateLimit: { perTokenPerMinute: number; perIpPerMinute: number } | false;
  requestTimeoutMs: number;
  /** Proxy hops whose X-Forwarded-For is trusted; 0 when clients connect directly. */
  trustProxyHops: number;
}

const defaults = configSchema.parse({});

/** The limits of config/env.ts's defaults. */
export const DEFAULT_EDGE: EdgeOptions = {
  rateLimit: { perTokenPerMinute: defaults.RATE_LIMIT_PER_MINUTE, perIpPerMinute: defaults.RATE_LIMIT_IP_PER_MINUTE },
  requestTimeoutMs: defaults.REQUEST_TIMEOUT_MS,
  trustProxyHops: defaults.TRUST_PROXY_HOPS,
};

/** Probes and scrapes are never limited: a flood must not make an orchestrator restart a healthy API. */
const UNLIMITED_PATHS = new Set(['/health', '/ready', '/metrics']);

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A caller's X-Request-Id when it is a plain token, otherwise a new UUID; echoed in the reply. */
export function requestId(req: Request): string {
  const given = req.get('x-request-id');
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

export const securityHeaders = (): RequestHandler =>
  helmet({
    // Swagger UI (/docs) and the public notice page load their own scripts and styles only.
    // (The public notice page sets its own policy, admitting its one inline script by hash.)
    // No upgrade-insecure-requests: the API is often reached over plain HTTP inside a network, and /docs must load there.
    contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'frame-ancestors': ["'none'"], 'upgrade-insecure-requests': null } },
    // An API reply is never meant to be embedded, cached by a proxy or sniffed.
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });

function tooMany(who: string): ErrorBody {
  return {
    error: 'TooManyRequests',
    message: `too many requests from ${who}; wait the seconds the Retry-After header gives, then try again`,
  };
}

const bearerOf = (req: Request) => /^Bearer\s+(\S+)/i.exec(req.get('authorization') ?? '')?.[1];

export function rateLimits(limits: { perTokenPerMinute: number; perIpPerMinute: number }): RequestHandler[] {
  const common = {
    windowMs: 60_000,
    standardHeaders: 'draft-7' as const,
    legacyHeaders: false,
    skip: (req: Request) => UNLIMITED_PATHS.has(req.path),
    // Misconfigured proxies are TRUST_PROXY_HOPS' business, documented in the README; no console noise here.
    validate: { xForwardedForHeader: false },
  };
  const perIp = rateLimit({
    ...common,
    limit: limits.perIpPerMinute,
    handler: (_req, res) => void res.status(429).json(tooMany('your address')),
  });
  const perToken = rateLimit({
    ...common,
    limit: limits.perTokenPerMinute,
    skip: (req) => common.skip(req) || bearerOf(req) === undefined,
    // Keyed by a hash of the token: the limiter's memory never holds a usable token.
    keyGenerator: (req) => createHash('sha256').update(bearerOf(req)!).digest('base64url'),
    handler: (_req, res) => void res.status(429).json(tooMany('this token')),
  });
  return [perIp, perToken];
}

/** Answers 503 (Timeout, with Retry-After) when nothing was sent within `ms`; whatever the handler sends later is dropped. */
export function requestTimeout(ms: number): RequestHandler {
  return (req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      res.set('Retry-After', '5');
      res.status(503).json({
        error: 'Timeout',
        message: `the request was not answered within ${ms} ms and was abandoned; a change it asked for may still apply: check before sending it again`,
      } satisfies ErrorBody);
    }, ms);
    timer.unref();
    const clear = () => clearTimeout(timer);
    res.once('finish', clear);
    res.once('close', clear);
    next();
  };
}
