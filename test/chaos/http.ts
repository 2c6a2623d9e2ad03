/** One HTTP call to the API under test, with a deadline: no answer in time is a hang, counted as such. */
export interface Reply {
  status: number;
  body: any;
  headers: Headers;
  ms: number;
  /** No answer before the deadline. */
  hung: boolean;
  /** The connection failed (refused, reset). */
  networkError?: string;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** A raw body sent as is (a string or bytes), with its content type. */
  raw?: { data: string | Buffer; type: string };
  timeoutMs?: number;
  headers?: Record<string, string>;
}

export async function call(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const started = Date.now();
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = options.token;
  let body: string | Buffer | undefined;
  if (options.raw) {
    body = options.raw.data;
    headers['content-type'] = options.raw.type;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  try {
    const response = await fetch(`${baseUrl}${path}`, { method: method.toUpperCase(), headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 15_000) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: response.status, body: parsed, headers: response.headers, ms: Date.now() - started, hung: false };
  } catch (error) {
    const name = (error as Error).name;
    const hung = name === 'TimeoutError' || name === 'AbortError';
    return { status: 0, body: undefined, headers: new Headers(), ms: Date.now() - started, hung, networkError: hung ? undefined : String((error as Error).cause ?? error) };
  }
}

/** Calls `fn` on every item with at most `limit` in flight. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index], index);
      }
    }),
  );
  return results;
}
