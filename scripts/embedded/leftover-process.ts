/**
 * A `kill -9` of `npm start` leaves its children running: the postmaster and
 * the Temporal dev server keep the data folder and the ports. The next start
 * finds them by pid file and stops them before starting its own.
 */
import fs from 'node:fs';

function commandLine(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    // A zombie (exited, not yet reaped by its new parent) holds nothing any more.
    if (/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))) return false;
  } catch {
    return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process named in `pidFile`'s first line, if it is alive (not this one), with its command line. */
export function liveProcessOf(pidFile: string): { pid: number; command: string } | undefined {
  let pid: number;
  try {
    pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8').split('\n')[0], 10);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isAlive(pid)) return undefined;
  const command = commandLine(pid);
  return command === undefined ? undefined : { pid, command };
}

/** The pid in `pidFile`'s first line, if that process is alive and its command line contains every one of `marks`. */
export function leftoverProcess(pidFile: string, marks: string[]): number | undefined {
  const live = liveProcessOf(pidFile);
  return live && marks.every((mark) => live.command.includes(mark)) ? live.pid : undefined;
}

/** Sends `signal`, waits up to `timeoutMs` for the process to go, then SIGKILL. */
export async function stopProcess(pid: number, signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
