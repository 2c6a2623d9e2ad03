/**
 * `campaign login`: checks a token against the API and keeps it, with the
 * API's address, in a file only its owner can read (0600), so that later
 * commands need neither --token nor CAMPAIGN_TOKEN. The token comes from
 * --token, or standard input (typed without echo on a terminal, or piped).
 * `campaign logout` removes the file.
 */
import fs from 'node:fs';
import { DEFAULT_API_URL, tokenFilePath, writeTokenFile } from '../config';
import type { CommandContext } from '../context';
import { CliError, EXIT, refused } from '../errors';
import { createApiClient } from '../http';
import { bi } from '../output';

function readHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    let typed = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') return done(new CliError(EXIT.interrupted, bi('已取消', 'cancelled')));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPiped(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function login(ctx: CommandContext): Promise<number> {
  const { out } = ctx;
  const given = ctx.globals.token ?? (process.stdin.isTTY ? await readHidden(`${bi('令牌', 'token')} (npm run users -- token --id <you>): `) : await readPiped());
  const token = given.trim();
  if (!token) throw refused(bi('沒有令牌：用 --token 給出，或從標準輸入輸入', 'no token: give it with --token, or on standard input'));
  // Not the address of an earlier login's file: that file may be the very thing being replaced.
  const apiUrl = ctx.globals.api || process.env.CAMPAIGN_API_URL || DEFAULT_API_URL;
  // A token that does not sign in is not kept.
  await createApiClient({ baseUrl: apiUrl, token }).get('/templates');
  const file = tokenFilePath();
  writeTokenFile(file, { api: apiUrl, token });
  out.result({ ok: true, api: apiUrl, tokenFile: file });
  out.line(`${bi('已登錄', 'signed in')}: ${apiUrl}; ${bi('令牌保存於', 'token kept in')} ${file} (0600)`);
  return EXIT.ok;
}

export function logout(ctx: CommandContext): number {
  const file = tokenFilePath();
  const existed = fs.existsSync(file);
  fs.rmSync(file, { force: true });
  ctx.out.result({ ok: true, removed: existed, tokenFile: file });
  ctx.out.line(existed ? `${bi('已登出', 'signed out')}: ${bi('已刪除', 'removed')} ${file}` : `${bi('未登錄', 'not signed in')}: ${bi('沒有令牌文件', 'no token file')} ${file}`);
  return EXIT.ok;
}
