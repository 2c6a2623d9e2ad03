/**
 * Progress bars on standard error (cli-progress). On a terminal the bar redraws
 * in place; in a log or a pipe it prints a line every couple of seconds, so
 * long work is still visibly moving. With --json a bar is shown only on a terminal.
 */
import cliProgress from 'cli-progress';

export interface Bar {
  update(value: number, payload?: Record<string, string | number>): void;
  setTotal(total: number): void;
  stop(): void;
}

export interface BarOptions {
  /** cli-progress format; {bar} {value} {total} {percentage} {eta_formatted} and payload fields. */
  format: string;
  total: number;
  payload?: Record<string, string | number>;
  json: boolean;
}

const NO_BAR: Bar = { update: () => undefined, setTotal: () => undefined, stop: () => undefined };

export function createBar(options: BarOptions): Bar {
  const terminal = Boolean(process.stderr.isTTY);
  if (options.json && !terminal) return NO_BAR;
  const bar = new cliProgress.SingleBar(
    {
      format: options.format,
      stream: process.stderr,
      hideCursor: terminal,
      clearOnComplete: false,
      barsize: 30,
      etaBuffer: 20,
      fps: 5,
      noTTYOutput: !terminal,
      notTTYSchedule: 2_000,
      formatValue: (value, _options, type) => (type === 'value' || type === 'total' ? Number(value).toLocaleString('en-US') : String(value)),
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(options.total, 1), 0, options.payload ?? {});
  let stopped = false;
  return {
    update: (value, payload) => bar.update(value, payload ?? {}),
    setTotal: (total) => bar.setTotal(Math.max(total, 1)),
    stop: () => {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}

/** Items per second since `startedAt`, for a bar's payload. */
export function ratePerSecond(done: number, startedAt: number, now = Date.now()): string {
  const seconds = (now - startedAt) / 1000;
  return seconds > 0 ? (done / seconds).toFixed(1) : '0.0';
}
