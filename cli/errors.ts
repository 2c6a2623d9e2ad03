/**
 * What the CLI ends with: one exit code per class of outcome, so that scripts
 * can tell a refused request from a missing permission or a server that is down.
 */
export const EXIT = {
  ok: 0,
  /** The server (400, 404, 409) or the CLI itself refused the input: fix it and run again. */
  refused: 1,
  /** Not signed in, a wrong or expired token (401), or the role may not do this (403). */
  notAllowed: 2,
  /** The API cannot be reached, or answered with a server error (5xx). */
  unreachable: 3,
  /** Ctrl-C while watching or exporting: the work on the server goes on; the message says how to resume. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the CLI reports in one line (never a stack trace) and exits with. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    /** The server's problems (path, message), when it listed them. */
    readonly problems: Array<{ path: string; message: string }> = [],
    /** The server's error body, for --json output. */
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The exit code for an HTTP status the API answered with. */
export function exitCodeForStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return EXIT.notAllowed;
  if (status >= 500) return EXIT.unreachable;
  return EXIT.refused;
}

/** A local problem with the user's input (a missing file, a bad option): refused before anything is sent. */
export const refused = (message: string) => new CliError(EXIT.refused, message);
