/**
 * Where the API is and who the caller is: a flag, else the environment, else
 * the token file `campaign login` wrote (readable by its owner only), else the
 * default address.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliError, EXIT } from './errors';

export const DEFAULT_API_URL = 'http://127.0.0.1:3000';

export interface GlobalOptions {
  api?: string;
  token?: string;
  json?: boolean;
}

export interface Connection {
  apiUrl: string;
  token: string | undefined;
  /** Where the token came from, for messages. */
  tokenSource: 'flag' | 'environment' | 'file' | 'none';
}

interface TokenFile {
  api?: string;
  token: string;
}

/** The token file: CAMPAIGN_TOKEN_FILE, else ~/.config/campaign/token.json (XDG_CONFIG_HOME respected). */
export function tokenFilePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CAMPAIGN_TOKEN_FILE) return path.resolve(env.CAMPAIGN_TOKEN_FILE);
  const configHome = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(configHome, 'campaign', 'token.json');
}

function readTokenFile(file: string): TokenFile | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return undefined;
  }
  // Like ssh with its keys: a token others can read is treated as leaked, not used.
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    throw new CliError(
      EXIT.notAllowed,
      `令牌文件權限過寬 the token file ${file} can be read by others (mode ${(stat.mode & 0o777).toString(8)}): run "chmod 600 ${file}", or "campaign login" again`,
    );
  }
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<TokenFile>;
    if (typeof parsed.token !== 'string' || parsed.token === '') throw new Error('no token');
    return { token: parsed.token, ...(typeof parsed.api === 'string' ? { api: parsed.api } : {}) };
  } catch {
    throw new CliError(EXIT.notAllowed, `令牌文件無效 the token file ${file} holds no token: run "campaign login" again`);
  }
}

export function resolveConnection(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Connection {
  const file = options.token || env.CAMPAIGN_TOKEN ? undefined : readTokenFile(tokenFilePath(env));
  const apiUrl = options.api || env.CAMPAIGN_API_URL || file?.api || DEFAULT_API_URL;
  if (options.token) return { apiUrl, token: options.token, tokenSource: 'flag' };
  if (env.CAMPAIGN_TOKEN) return { apiUrl, token: env.CAMPAIGN_TOKEN, tokenSource: 'environment' };
  if (file) return { apiUrl, token: file.token, tokenSource: 'file' };
  return { apiUrl, token: undefined, tokenSource: 'none' };
}

/** Writes the token file with mode 0600 (created so, and narrowed if it existed), atomically. */
export function writeTokenFile(file: string, content: TokenFile): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(temporary, 0o600);
  fs.renameSync(temporary, file);
}
