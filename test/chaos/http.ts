import http from 'node:http';

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
  if (body !== undefined && body.length > 512 * 1024) return bigCall(baseUrl, method, path, headers, body, options.timeoutMs ?? 60_000);
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

/**
 * A big body on a connection of its own: a server that refuses it (413) answers
 * before it has read it all and closes the connection, so the answer is taken as
 * soon as it arrives, while the body is still being written.
 */
function bigCall(baseUrl: string, method: string, path: string, headers: Record<string, string>, body: string | Buffer, timeoutMs: number): Promise<Reply> {
  const started = Date.now();
  return new Promise((resolve) => {
    let done = false;
    const finish = (reply: Omit<Reply, 'ms'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...reply, ms: Date.now() - started });
    };
    const req = http.request(`${baseUrl}${path}`, { method: method.toUpperCase(), headers: { ...headers, connection: 'close', 'content-length': String(Buffer.byteLength(body)) }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      const end = () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        finish({ status: res.statusCode ?? 0, body: parsed, headers: new Headers(res.headers as Record<string, string>), hung: false });
      };
      res.on('end', end);
      res.on('error', end);
      res.on('close', end);
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish({ status: 0, body: undefined, headers: new Headers(), hung: true });
    }, timeoutMs);
    // EPIPE or a reset may come just before the answer that explains it: give the answer a moment.
    req.on('error', (error) => setTimeout(() => finish({ status: 0, body: undefined, headers: new Headers(), hung: false, networkError: String(error) }), 500));
    req.end(body);
  });
}
