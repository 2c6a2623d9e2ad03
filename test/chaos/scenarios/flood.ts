/**
 * A flood at ten times the rate limit, open loop (requests leave on schedule,
 * whatever the answers), against an API process of its own with the limits set
 * by RATE_LIMIT_PER_MINUTE (per token) and RATE_LIMIT_IP_PER_MINUTE (per
 * address). The limiter must answer 429 with Retry-After, and the process's RSS
 * and event-loop delay (lag-probe.js, preloaded) must stay bounded.
 */
import { call, type Reply } from '../http';
import type { Scenario } from '../scenario';
import { startApiProcess, sleep } from '../stack';

interface Sample {
  pid: number;
  p99Ms: number;
  maxMs: number;
  rssMb: number;
}

function samplesOf(output: string): Sample[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('chaos-lag '))
    .map((l) => JSON.parse(l.slice('chaos-lag '.length)) as Sample);
}

export const flood: Scenario = {
  name: 'flood',
  criterion: '429s with Retry-After at 10× the limit; RSS and event-loop lag bounded (printed)',
  budgetMs: (quick) => (quick ? 120_000 : 300_000),
  async run({ quick, shared, scope, log }) {
    const service = await shared();
    const perToken = Number(process.env.RATE_LIMIT_PER_MINUTE ?? (quick ? 120 : 600));
    const perIp = Number(process.env.RATE_LIMIT_IP_PER_MINUTE ?? perToken * 2);
    const seconds = quick ? 15 : 60;
    const api = await startApiProcess(
      scope,
      { DATABASE_URL: service.db.url, TEMPORAL_ADDRESS: service.temporal.address, TEMPORAL_TASK_QUEUE: service.workerEnv.TEMPORAL_TASK_QUEUE, RATE_LIMIT_PER_MINUTE: String(perToken), RATE_LIMIT_IP_PER_MINUTE: String(perIp) },
      { lagProbe: true },
    );
    await sleep(2_000); // a quiet second or two for the baseline
    const baseline = samplesOf(api.output());
    const ratePerSecond = (10 * perToken) / 60;
    const total = Math.round(ratePerSecond * seconds);
    const replies: Array<Promise<Reply>> = [];
    const started = Date.now();
    for (let i = 0; i < total; i += 1) {
      const due = started + (i * 1000) / ratePerSecond;
      if (due > Date.now()) await sleep(due - Date.now());
      replies.push(call(api.url, 'get', '/campaigns', { token: service.office, timeoutMs: 30_000 }));
    }
    const answers = await Promise.all(replies);
    await sleep(1_500);
    const during = samplesOf(api.output()).slice(baseline.length);
    // NODE_OPTIONS reaches tsx's launcher too: the API is the process with the larger heap.
    const pids = [...new Set(during.map((s) => s.pid))];
    const apiPid = pids.sort((a, b) => Math.max(...during.filter((s) => s.pid === b).map((s) => s.rssMb)) - Math.max(...during.filter((s) => s.pid === a).map((s) => s.rssMb)))[0];
    const mine = during.filter((s) => s.pid === apiPid);
    const base = baseline.filter((s) => s.pid === apiPid).at(-1)?.rssMb ?? mine[0]?.rssMb ?? 0;
    const rssMax = Math.max(...mine.map((s) => s.rssMb), 0);
    const lagP99 = Math.max(...mine.map((s) => s.p99Ms), 0);
    const lagMax = Math.max(...mine.map((s) => s.maxMs), 0);
    const statuses = new Map<string, number>();
    for (const a of answers) statuses.set(a.hung ? 'hung' : String(a.status), (statuses.get(a.hung ? 'hung' : String(a.status)) ?? 0) + 1);
    const limited = answers.filter((a) => a.status === 429);
    const withRetryAfter = limited.filter((a) => a.headers.get('retry-after')).length;
    const failures = answers.filter((a) => a.hung || a.status === 0 || a.status >= 500).length;
    const bounded = rssMax - base < 200 && lagP99 < 1_000;
    log(`sent ${total} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const notes: string[] = [];
    if (limited.length === 0) notes.push(`no rate limiter present: not one 429 among ${total} requests at 10× RATE_LIMIT_PER_MINUTE=${perToken} (the limiter is issue 17 part 1, branch issue-17-edge)`);
    if (limited.length && withRetryAfter < limited.length) notes.push(`${limited.length - withRetryAfter} of ${limited.length} 429s had no Retry-After`);
    return {
      pass: limited.length > 0 && withRetryAfter === limited.length && failures === 0 && bounded,
      figures: `${total} requests in ${seconds} s (${ratePerSecond.toFixed(0)}/s = 10× ${perToken}/min per token): ${[...statuses].map(([k, n]) => `${k}×${n}`).join(' ')}; 429 with Retry-After ${withRetryAfter}/${limited.length}; RSS ${base.toFixed(0)} → max ${rssMax.toFixed(0)} MB; event-loop lag p99 max ${lagP99.toFixed(0)} ms, max ${lagMax.toFixed(0)} ms`,
      notes,
    };
  },
};
