/**
 * What the CLI shows: bilingual lines and tables for people (Chinese with the
 * English beside it) on standard output, or one JSON document with --json for
 * scripts. Notes and progress go to standard error, so a pipe gets only data.
 */
import type { Bilingual } from '../domain/labels';
import { CliError, EXIT } from './errors';

/** "中文 English": a label as the CLI prints it. */
export const bi = (zh: string, en: string) => `${zh} ${en}`;
export const label = (text: Bilingual | { zh: string; en: string } | null | undefined, fallback = '') =>
  text ? bi(text.zh, text.en) : fallback;

/** Columns a character takes in a terminal: East Asian wide and full-width forms take two. */
function charWidth(code: number): number {
  if (code < 0x1100) return 1;
  const wide =
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd);
  return wide ? 2 : 1;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char.codePointAt(0)!);
  return width;
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/** A plain-text table whose columns line up with Chinese text in them. */
export function renderTable(headers: string[], rows: Array<Array<string | number | null | undefined>>): string {
  const cells = rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : String(cell).replace(/\s+/g, ' '))));
  const widths = headers.map((header, i) => Math.max(displayWidth(header), ...cells.map((row) => displayWidth(row[i] ?? ''))));
  const line = (row: string[]) => row.map((cell, i) => pad(cell, widths[i])).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export interface Output {
  readonly json: boolean;
  /** A line for people (nothing in --json mode). */
  line(text?: string): void;
  table(headers: string[], rows: Array<Array<string | number | null | undefined>>): void;
  /** The command's result for scripts (only in --json mode). */
  result(data: unknown): void;
  /** A remark on standard error, in both modes (e.g. a file converted from GBK). */
  note(text: string): void;
  /** The one-line report of a failure; returns its exit code. */
  fail(error: unknown): number;
}

export function createOutput(options: { json: boolean; stdout?: NodeJS.WritableStream; stderr?: NodeJS.WritableStream }): Output {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const json = options.json;
  return {
    json,
    line: (text = '') => {
      if (!json) stdout.write(`${text}\n`);
    },
    table: (headers, rows) => {
      if (!json) stdout.write(`${renderTable(headers, rows)}\n`);
    },
    result: (data) => {
      if (json) stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    },
    note: (text) => {
      stderr.write(`${text}\n`);
    },
    fail: (error) => {
      const known = error instanceof CliError ? error : undefined;
      const exitCode = known?.exitCode ?? EXIT.unreachable;
      // Never a stack trace: an unexpected error is still one line.
      const message = known?.message ?? `意外錯誤 unexpected error: ${error instanceof Error ? error.message : String(error)}`;
      if (json) stdout.write(`${JSON.stringify({ ok: false, exitCode, message, ...(known?.problems.length ? { problems: known.problems } : {}), ...(known?.body !== undefined ? { server: known.body } : {}) }, null, 2)}\n`);
      stderr.write(`campaign: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
      return exitCode;
    },
  };
}
