/**
 * The typed REST client: openapi-fetch over the types that openapi-typescript
 * generates from the API's own OpenAPI document at build time (src/api/schema.d.ts,
 * written by scripts/write-openapi.ts), so no request or reply shape is written twice.
 * The browser sends the HttpOnly session cookie itself; changes carry the CSRF token.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { reactive } from 'vue';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;
/** The JSON a route answers on success (200 or 201), as the OpenAPI document says. */
export type Reply<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R }
  ? R extends { 200: infer Ok } ? JsonOf<Ok> : R extends { 201: infer Created } ? JsonOf<Created> : never
  : never;

export interface Problem {
  path: string;
  message: string;
  in?: 'params' | 'query' | 'body';
}

/** A reply that is not a success, as the API's error body says it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }
}

/** Who is signed in; `expired` shows the sign-in dialog over the page (what was typed stays). */
export const session = reactive({
  user: null as null | { id: string; name: string; role: 'admin' | 'supervisor' | 'unit'; unitId: string | null; roleLabel: { zh: string; en: string } },
  csrfToken: null as string | null,
  expired: false,
  checked: false,
});

const withCsrf: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && session.csrfToken) request.headers.set('X-CSRF-Token', session.csrfToken);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !(request.method === 'POST' && new URL(request.url).pathname === '/session')) {
      session.expired = true;
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(withCsrf);

/** The data of a reply, or an ApiError with the API's message and problems. */
export async function unwrap<T>(reply: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await reply;
  if (response.ok) return data as T;
  const body = (error ?? {}) as { error?: string; message?: string; problems?: Problem[] };
  throw new ApiError(response.status, body.error ?? `HTTP ${response.status}`, body.message ?? response.statusText, body.problems ?? []);
}
