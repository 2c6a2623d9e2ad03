// Preloaded into the API process by the chaos flood scenario (NODE_OPTIONS=--require):
// prints the event-loop delay of the last second and the RSS, one line a second.
const { monitorEventLoopDelay } = require('node:perf_hooks');
const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
setInterval(() => {
  const line = { pid: process.pid, p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6, rssMb: process.memoryUsage().rss / 2 ** 20 };
  histogram.reset();
  process.stderr.write(`chaos-lag ${JSON.stringify(line)}\n`);
}, 1000).unref();
