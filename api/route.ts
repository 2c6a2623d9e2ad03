/**
 * One declaration per route: the same zod schemas validate the request (their
 * parsed values replace the raw input) and describe it in the OpenAPI
 * document, so the document cannot drift from what the API accepts.
 */
import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { z } from 'zod';
import type { Role } from '../domain/labels';
import { currentUser, requireRoles, roleLabel, type AuthUser } from './auth';
import { RequestValidationError, type RequestPart } from './errors';
import { replyProblems, type ReplyCheck } from './reply-check';
import { errorResponseSchema } from './routes/common.schemas';
import { findUnstorableText } from '../domain/text';

type Method = 'get' | 'post' | 'put' | 'delete';
type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface Reply {
  status: number;
  body: unknown;
}

export interface RouteContext<P, Q, B> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  /** Undefined only on public routes. */
  user: AuthUser;
  req: Request;
  res: Response;
}

export interface RouteSpec<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined> {
  method: Method;
  /** Express syntax: `/campaigns/:id`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** Who may call it: `public` (no token), `authenticated` (any role), or the roles. */
  access: 'public' | 'authenticated' | readonly Role[];
  /** The 403 message when the role does not fit, where a plain "needs the role" would not say why. */
  roleDenied?: (user: AuthUser) => string | undefined;
  params?: P;
  query?: Q;
  body?: B;
  /** Body media types besides JSON (e.g. text/csv), each with the schema shown in the document. */
  extraBodyTypes?: Record<string, Schema>;
  /** Largest body accepted; default 1 MB. */
  bodyLimit?: string;
  /** When the body schema should not validate (a domain parser does); the document still shows `body`. */
  bodyValidatedBy?: 'handler';
  responses: Record<number, { description: string; schema?: Schema; contentType?: string }>;
  /** Returns the reply, or nothing when it wrote the response itself (a file download). */
  handler: (ctx: RouteContext<P, Q, B>) => Promise<Reply | void>;
}

/** The express path `/a/:b` in OpenAPI form `/a/{b}`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function validate(part: RequestPart, schema: Schema, value: unknown): unknown {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw new RequestValidationError(part, result.error);
  return result.data;
}

const STANDARD_ERRORS: Record<number, string> = {
  400: 'invalid input (InvalidInput): `problems` lists every field with its path',
  401: 'no token, or an unknown or revoked one',
  403: 'signed in, but not allowed',
  404: 'not found',
  409: 'conflicts with the current state (InvalidTransition, Conflict)',
};

export interface RouteTable {
  method: string;
  path: string;
  /** Who may call it, as the OpenAPI document says it. */
  access: string;
  /** The same, as declared: `public`, `authenticated`, or the roles. */
  roles: RouteSpec<undefined, undefined, undefined>['access'];
}

export class ApiRoutes {
  readonly table: RouteTable[] = [];

  constructor(
    private readonly router: Router,
    private readonly registry: OpenAPIRegistry,
    private readonly authenticate: RequestHandler,
    /** When given, every reply is checked against its documented schema and mismatches reported here. */
    private readonly checkReply?: ReplyCheck,
  ) {}

  add<P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined>(
    spec: RouteSpec<P, Q, B>,
  ): void {
    const chain: RequestHandler[] = [];
    if (spec.access !== 'public') chain.push(this.authenticate);
    if (Array.isArray(spec.access)) chain.push(requireRoles(spec.access, spec.roleDenied));
    // Bodies are read only after the caller is known: no anonymous megabytes.
    if (spec.body) {
      const limit = spec.bodyLimit ?? '1mb';
      chain.push(express.json({ limit }));
      for (const type of Object.keys(spec.extraBodyTypes ?? {})) chain.push(express.text({ type, limit }));
    } else if (spec.method !== 'get') {
      // A route that takes no body still refuses an oversized one (413), as every other route does; a small one is ignored.
      chain.push(express.json({ limit: '1mb' }));
    }
    chain.push(async (req, res) => {
      const params = spec.params ? validate('params', spec.params, req.params) : undefined;
      const query = spec.query ? validate('query', spec.query, req.query) : undefined;
      let body: unknown = req.body;
      const unstorable = findUnstorableText(req.body);
      if (unstorable !== undefined) {
        throw new RequestValidationError('body', [{ path: unstorable, message: 'contains a NUL character or a broken UTF-16 surrogate, which cannot be stored; remove it' }]);
      }
      if (spec.body && spec.bodyValidatedBy !== 'handler') {
        if (req.body === undefined) {
          const types = ['application/json', ...Object.keys(spec.extraBodyTypes ?? {})].join(' or ');
          throw new RequestValidationError('body', [{ path: '(body)', message: `is missing: send it with Content-Type: ${types}` }]);
        }
        body = validate('body', spec.body, req.body);
      }
      // The parsed values replace the raw input for anything further down.
      if (params) req.params = params as Request['params'];
      if (query) Object.defineProperty(req, 'query', { value: query, configurable: true, enumerable: true, writable: true });
      req.body = body;
      const reply = await spec.handler({
        params: params as Out<P>,
        query: query as Out<Q>,
        body: body as Out<B>,
        user: spec.access === 'public' ? (res.locals.user as AuthUser) : currentUser(res),
        req,
        res,
      });
      // Answered already by the edge's deadline (503 Timeout): the late reply is dropped.
      if (!reply || res.headersSent) return;
      if (this.checkReply) {
        const schema = spec.responses[reply.status]?.schema;
        const problems = schema ? replyProblems(schema, reply.body) : [`status ${reply.status} is not documented`];
        if (problems.length) this.checkReply({ route: `${spec.method.toUpperCase()} ${spec.path}`, status: reply.status, problems });
      }
      res.status(reply.status).json(reply.body);
    });
    this.router[spec.method](spec.path, ...chain);

    const accessText =
      spec.access === 'public' ? 'public' : spec.access === 'authenticated' ? 'any signed-in user' : spec.access.join(', ');
    this.table.push({ method: spec.method.toUpperCase(), path: spec.path, access: accessText, roles: spec.access });

    const responses: Record<string, ResponseConfig> = {};
    for (const [status, response] of Object.entries(spec.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema ? { content: { [response.contentType ?? 'application/json']: { schema: response.schema } } } : {}),
      };
    }
    const errorStatuses = [400, 404, 409];
    if (spec.access !== 'public') errorStatuses.push(401);
    if (Array.isArray(spec.access) || spec.params) errorStatuses.push(403);
    for (const status of errorStatuses) {
      if (responses[status]) continue;
      if (status === 400 && !spec.params && !spec.query && !spec.body) continue;
      if ((status === 404 || status === 409) && !spec.params && spec.method === 'get') continue;
      responses[status] = { description: STANDARD_ERRORS[status], content: { 'application/json': { schema: errorResponseSchema } } };
    }
    const whoMay =
      spec.access === 'public'
        ? 'No token needed.'
        : spec.access === 'authenticated'
          ? 'Any signed-in user.'
          : `Roles: ${spec.access.map(roleLabel).join(', ')}.`;
    this.registry.registerPath({
      method: spec.method,
      path: openApiPath(spec.path),
      tags: [spec.tag],
      summary: spec.summary,
      description: [spec.description, whoMay].filter(Boolean).join('\n\n'),
      ...(spec.access === 'public' ? {} : { security: [{ bearerAuth: [] }] }),
      request: {
        ...(spec.params ? { params: spec.params as never } : {}),
        ...(spec.query ? { query: spec.query as never } : {}),
        ...(spec.body
          ? {
              body: {
                required: true,
                content: {
                  'application/json': { schema: spec.body },
                  ...Object.fromEntries(Object.entries(spec.extraBodyTypes ?? {}).map(([type, schema]) => [type, { schema }])),
                },
              },
            }
          : {}),
      },
      responses,
    });
  }
}
