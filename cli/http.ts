/**
 * The CLI's one way to the service: its REST API, like any other client.
 * Every failure becomes a {@link CliError} with a one-line, bilingual message
 * and the exit code of its class; nothing here prints.
 */
import http from 'node:http';
import https from 'node:https';
import { CliError, EXIT, exitCodeForStatus } from './errors';

export interface ApiReply<T = unknown> {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: T;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as it is, with `contentType`. */
  body?: Buffer;
  contentType?: string;
  /** Called as the body goes out: bytes sent so far and in all. */
  onUpload?: (sent: number, total: number) => void;
  /** Called once the whole body is sent and the server is working on it. */
  onUploaded?: () => void;
  /** Statuses answered to the caller instead of thrown (e.g. 400 for a problems table). */
  accept?: number[];
  timeoutMs?: number;
  /** The body as the bytes that came (a download, e.g. an Excel file), not parsed. */
  raw?: boolean;
}

export interface ApiClient {
  readonly baseUrl: string;
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<ApiReply<T>>;
  get<T = unknown>(path: string, options?: RequestOptions): Promise<T>;
}

const UPLOAD_CHUNK = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 120_000;

/** The server's own explanation, in one line. */
function serverMessage(body: unknown): string {
  const message = (body as { message?: unknown } | null)?.message;
  const text = typeof message === 'string' ? message : typeof body === 'string' ? body : '';
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 400 ? `${line.slice(0, 400)}…` : line;
}

/** The one-line message for a refusal, by its class. */
export function describeRefusal(status: number, body: unknown): string {
  const said = serverMessage(body);
  if (status === 401) {
    return `未登錄或令牌無效 not signed in: the token is missing, wrong or expired${said ? ` (${said})` : ''}; run "campaign login", or pass --token / CAMPAIGN_TOKEN`;
  }
  if (status === 403) return `無權操作 not allowed (403): ${said || 'your role may not do this'}`;
  if (status >= 500) return `服務端錯誤 server error (${status}): ${said || 'the service failed'}; try again, or check the service's log`;
  return `請求被拒絕 refused (${status}): ${said || 'the server refused the request'}`;
}

function unreachable(baseUrl: string, error: NodeJS.ErrnoException): CliError {
  const why = error.code ?? error.message;
  if (why === 'ETIMEDOUT') {
    return new CliError(EXIT.unreachable, `服務未及時應答 the API at ${baseUrl} did not answer in time; what was asked may still take effect: check before asking again`);
  }
  return new CliError(
    EXIT.unreachable,
    `無法連接服務 cannot reach the API at ${baseUrl} (${why}): start it (npm start), or give its address with --api or CAMPAIGN_API_URL`,
  );
}

function parseBody(headers: http.IncomingHttpHeaders, raw: Buffer): unknown {
  const text = raw.toString('utf8');
  if (String(headers['content-type'] ?? '').includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

export function createApiClient(options: { baseUrl: string; token?: string }): ApiClient {
  let base: URL;
  try {
    base = new URL(options.baseUrl);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new CliError(EXIT.refused, `API 地址無效 the API address "${options.baseUrl}" is not an http(s) URL; e.g. --api http://127.0.0.1:3000`);
  }
  const baseUrl = base.toString().replace(/\/$/, '');

  function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<ApiReply<T>> {
    const url = new URL(baseUrl + path);
    for (const [key, value] of Object.entries(opts.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const payload = opts.json !== undefined ? Buffer.from(JSON.stringify(opts.json), 'utf8') : opts.body;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (payload) {
      headers['Content-Type'] = opts.json !== undefined ? 'application/json' : (opts.contentType ?? 'application/octet-stream');
      headers['Content-Length'] = String(payload.length);
    }
    const transport = url.protocol === 'https:' ? https : http;

    return new Promise<ApiReply<T>>((resolve, reject) => {
      const req = transport.request(url, { method, headers, timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => reject(unreachable(baseUrl, error)));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const bytes = Buffer.concat(chunks);
          const body = parseBody(res.headers, bytes);
          if ((status >= 200 && status < 300) || opts.accept?.includes(status)) {
            resolve({ status, headers: res.headers, body: (opts.raw ? bytes : body) as T });
            return;
          }
          const problems = ((body as { problems?: Array<{ path: string; message: string }> } | null)?.problems ?? []).map((p) => ({ path: p.path, message: p.message }));
          reject(new CliError(exitCodeForStatus(status), describeRefusal(status, body), problems, body));
        });
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('no answer in time'), { code: 'ETIMEDOUT' })));
      req.on('error', (error: NodeJS.ErrnoException) => reject(unreachable(baseUrl, error)));
      if (!payload) {
        req.end();
        return;
      }
      // Written in chunks so that the caller can show how much of a large file has gone.
      let offset = 0;
      const writeNext = () => {
        while (offset < payload.length) {
          const chunk = payload.subarray(offset, offset + UPLOAD_CHUNK);
          offset += chunk.length;
          const more = req.write(chunk);
          opts.onUpload?.(offset, payload.length);
          if (!more) {
            req.once('drain', writeNext);
            return;
          }
        }
        req.end(() => opts.onUploaded?.());
      };
      writeNext();
    });
  }

  return {
    baseUrl,
    request,
    get: async <T>(path: string, opts?: RequestOptions) => (await request<T>('GET', path, opts)).body,
  };
}

/** A path segment, encoded. */
export const seg = (value: string) => encodeURIComponent(value);
