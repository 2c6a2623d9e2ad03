/**
 * The API's one error middleware: every failure becomes a JSON body
 * `{ error, message, problems? }` with the status of its type. Messages say what
 * to do; anything unexpected is logged here and answered with a bare 500,
 * never a stack trace.
 */
import {
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError, type z } from 'zod';
import { ineligibleDetailsSchema } from '../contracts';
import { AppError, ErrorType, HTTP_STATUS_OF } from '../domain/errors';
import { describeIssues, InvalidInputError, type InputProblem } from '../domain/validation';
import { replyProblems, type ReplyCheck } from './reply-check';
import { errorResponseSchema } from './routes/common.schemas';

/** Where in the request a problem is. */
export type RequestPart = 'params' | 'query' | 'body';

/** A request that failed its zod schema; `problems` carry the zod paths. */
export class RequestValidationError extends Error {
  readonly problems: InputProblem[];
  constructor(
    readonly part: RequestPart,
    problems: ZodError | InputProblem[],
  ) {
    super(`the request ${part} is invalid`);
    this.name = 'RequestValidationError';
    this.problems = problems instanceof ZodError ? describeIssues(problems) : problems;
  }
}

export interface ErrorBody {
  error: string;
  message: string;
  problems?: Array<InputProblem & { in?: RequestPart }>;
  /** A candidate refused for eligibility: the rules and ledger rows that make it fail. */
  ineligible?: z.infer<typeof ineligibleDetailsSchema>;
}

export interface ApiLogger {
  error(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
}

const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_RESOURCE_EXHAUSTED = 8;
/** Temporal too busy or away (a query no worker answered in time, a throttled frontend): try again, not our bug. */
const GRPC_TRY_AGAIN = new Set([GRPC_UNAVAILABLE, GRPC_DEADLINE_EXCEEDED, GRPC_RESOURCE_EXHAUSTED]);
const GRPC_FAILED_PRECONDITION = 9;

const WHAT_PART: Record<RequestPart, string> = { params: 'path', query: 'query string', body: 'body' };

function isErrorType(type: string | undefined | null): type is ErrorType {
  return type !== undefined && type !== null && Object.prototype.hasOwnProperty.call(HTTP_STATUS_OF, type);
}

const errorText = (error: unknown): string =>
  [error, (error as { cause?: unknown })?.cause].map((e) => (e instanceof Error ? `${e.message} ${(e as { details?: string }).details ?? ''}` : '')).join(' ');

function grpcCode(error: unknown): number | undefined {
  if (isGrpcServiceError(error)) return error.code;
  if (error instanceof ServiceError && isGrpcServiceError(error.cause)) return error.cause.code;
  return undefined;
}

/**
 * Node's network errors and PostgreSQL's connection-class states (08…, 57P01–57P03, 53300, and 25P03, a
 * transaction ended by idle_in_transaction_session_timeout): the database is away, not the request wrong.
 * 'Query read timeout' is the pool's client-side statement limit (a half-open connection).
 */
const DATABASE_AWAY_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', '57P01', '57P02', '57P03', '53300', '25P03']);
const DATABASE_AWAY_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection terminated unexpectedly|the database system is (starting up|shutting down)|Query read timeout/;

export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (DATABASE_AWAY_CODES.has(code) || code.startsWith('08'))) return true;
  return error instanceof Error && DATABASE_AWAY_MESSAGES.test(error.message);
}

/**
 * 53100 disk_full ("could not extend file …: No space left on device"): the statement and its
 * transaction failed and rolled back, what was committed before stays; the operator must free space.
 */
export function isDatabaseDiskFull(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '53100';
}

function grpcDetails(error: unknown): string | undefined {
  if (isGrpcServiceError(error)) return error.details;
  if (error instanceof ServiceError && isGrpcServiceError(error.cause)) return error.cause.details;
  return undefined;
}

/** Status and body for an error; undefined for an unexpected one (a 500). */
export function describeError(error: unknown): { status: number; body: ErrorBody } | undefined {
  if (error instanceof RequestValidationError) {
    const problems = error.problems.map((p) => ({ ...p, in: error.part }));
    return {
      status: 400,
      body: {
        error: ErrorType.InvalidInput,
        message: `the request ${WHAT_PART[error.part]} is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}. Correct these fields and send it again.`,
        problems,
      },
    };
  }
  if (error instanceof ZodError) {
    const problems = describeIssues(error);
    return { status: 400, body: { error: ErrorType.InvalidInput, message: `the request is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems } };
  }
  if (error instanceof InvalidInputError) {
    return { status: 400, body: { error: ErrorType.InvalidInput, message: `${error.message}. Correct every problem listed and send it again; nothing was changed.`, problems: error.problems } };
  }
  if (error instanceof AppError) {
    return { status: HTTP_STATUS_OF[error.type], body: { error: error.type, message: error.message } };
  }

  // A path whose percent-escapes do not decode (`/units/%E0%A4%A`): the router cannot read the ids in it.
  if (error instanceof URIError) {
    return {
      status: 400,
      body: {
        error: ErrorType.InvalidInput,
        message: 'the path has a malformed percent-escape; encode each id in it with encodeURIComponent and send it again',
        problems: [{ path: '(path)', message: 'is not valid percent-encoding', in: 'params' }],
      },
    };
  }

  // Body parser failures (express.json / express.text).
  const parserType = (error as { type?: unknown } | null)?.type;
  if (typeof parserType === 'string' && typeof (error as { status?: unknown }).status === 'number') {
    if (parserType === 'entity.parse.failed') {
      return {
        status: 400,
        body: {
          error: ErrorType.InvalidInput,
          message: `the body is not valid JSON (${(error as Error).message}); send a JSON document with Content-Type: application/json`,
          problems: [{ path: '(body)', message: 'is not valid JSON', in: 'body' }],
        },
      };
    }
    if (parserType === 'entity.too.large') {
      return { status: 413, body: { error: 'PayloadTooLarge', message: 'the body is too large; send fewer items per request' } };
    }
    if (parserType === 'charset.unsupported' || parserType === 'encoding.unsupported') {
      return { status: 415, body: { error: 'UnsupportedMediaType', message: `${(error as Error).message}; send UTF-8` } };
    }
  }

  // Temporal: an update refused by a workflow's validator or handler.
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    if (cause instanceof ApplicationFailure && isErrorType(cause.type)) {
      const ineligible = ineligibleDetailsSchema.safeParse(cause.details?.[0]);
      return { status: HTTP_STATUS_OF[cause.type], body: { error: cause.type, message: cause.message, ...(ineligible.success ? { ineligible: ineligible.data } : {}) } };
    }
    return undefined;
  }
  if (error instanceof WorkflowNotFoundError) {
    return {
      status: 404,
      body: {
        error: ErrorType.NotFound,
        message: `the workflow "${error.workflowId}" is not running (never started, or already finished); check the campaign's progress and which units were started`,
      },
    };
  }
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return {
      status: 409,
      body: { error: ErrorType.Conflict, message: `the workflow "${error.workflowId}" is already running; use another id, or work with the existing one` },
    };
  }
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return {
      status: 504,
      body: { error: 'Timeout', message: 'the workflow did not answer in time; the change may still apply: check its state before sending it again' },
    };
  }
  if (isDatabaseDiskFull(error)) {
    return { status: 503, body: { error: 'Unavailable', message: 'PostgreSQL\'s disk is full (disk full), so this change was not written; nothing was changed: free space on the database\'s disk, then try again in a moment' } };
  }
  if (isDatabaseUnavailable(error)) {
    return { status: 503, body: { error: 'Unavailable', message: 'PostgreSQL is not reachable right now; nothing was changed: try again in a moment (GET /ready shows what is down)' } };
  }
  const code = grpcCode(error);
  // While a workflow recovers from a lost worker (its workflow task timed out or
  // failed and is being retried), Temporal refuses updates with FAILED_PRECONDITION.
  // Nothing was applied, and the same request succeeds once a worker has the workflow.
  // A query meets the same state while a busy worker catches up.
  if (code === GRPC_FAILED_PRECONDITION && /Workflow Task in failed state/i.test(`${grpcDetails(error) ?? ''} ${errorText(error)}`)) {
    return {
      status: 503,
      body: { error: 'Unavailable', message: 'the workflow is recovering (its last task did not finish: a lost or busy worker) and did not take or answer the request; send it again in a few seconds (try again in a moment)' },
    };
  }
  if (code !== undefined && GRPC_TRY_AGAIN.has(code)) {
    return { status: 503, body: { error: 'Unavailable', message: 'Temporal is not reachable right now; try again in a moment (GET /health shows what is down)' } };
  }
  return undefined;
}

/** Unknown routes: a JSON 404 that points at the documentation. */
export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({
    error: ErrorType.NotFound,
    message: `there is no route ${req.method} ${req.path}; the routes are listed at /docs (and /openapi.json)`,
  } satisfies ErrorBody);
};

export function errorHandler(logger: ApiLogger, checkReply?: ReplyCheck): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = describeError(error);
    if (known) {
      const problems = checkReply ? replyProblems(errorResponseSchema, known.body) : [];
      if (problems.length) checkReply!({ route: `${req.method} ${req.route?.path ?? req.originalUrl}`, status: known.status, problems });
      if (known.status === 503) res.set('Retry-After', '5');
      res.status(known.status).json(known.body);
      return;
    }
    logger.error('unhandled error in the API', {
      method: req.method,
      path: req.originalUrl,
      requestId: (req as { id?: unknown }).id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      // A Temporal ServiceError's message is generic; the gRPC status under it says what happened.
      ...(grpcCode(error) !== undefined ? { grpcCode: grpcCode(error), grpcDetails: grpcDetails(error) } : {}),
    });
    res.status(500).json({
      error: 'Internal',
      message: 'something went wrong on our side and was logged; try again, and tell the campaign office (活動領導小組辦公室) if it persists',
    } satisfies ErrorBody);
  };
}
