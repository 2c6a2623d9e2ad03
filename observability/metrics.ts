/**
 * The API's Prometheus registry (prom-client): request latency by route, the
 * process's own figures, and the work's figures read from PostgreSQL at each
 * scrape. The worker's Temporal metrics come from the SDK's own exporter
 * (worker/runtime.ts), scraped on the worker.
 */
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { OperationalFigures } from '../adapters/storage/operational-figures';

export interface ApiMetrics {
  registry: Registry;
  /** Records one answered request; `route` is the declared path (`/campaigns/:id`), never the raw URL. */
  observeRequest(labels: { method: string; route: string; status: number }, seconds: number): void;
  /** Reads the work's figures, then renders every metric in the text format. */
  render(readFigures: () => Promise<OperationalFigures>): Promise<string>;
}

export function createApiMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an API request, by method, declared route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const undelivered = new Gauge({ name: 'campaigns_outbox_undelivered', help: 'Notifications in the outbox not yet delivered', registers: [registry] });
  const oldestAge = new Gauge({
    name: 'campaigns_outbox_oldest_undelivered_age_seconds',
    help: 'Age of the oldest undelivered notification (0 when none waits)',
    registers: [registry],
  });
  const rungs = new Gauge({ name: 'campaigns_ladder_rungs_fired', help: 'Escalation-ladder rungs fired so far, by rung', labelNames: ['rung'] as const, registers: [registry] });
  const ledgerRows = new Gauge({ name: 'campaigns_ledger_rows', help: 'Ledger (台帳) rows written so far, by kind', labelNames: ['kind'] as const, registers: [registry] });
  const unitsStarted = new Gauge({
    name: 'campaigns_fanout_units_started',
    help: 'Units started by the fan-out, by campaign',
    labelNames: ['campaign'] as const,
    registers: [registry],
  });
  const figuresUp = new Gauge({ name: 'campaigns_figures_up', help: '1 when the figures could be read from PostgreSQL at this scrape, else 0', registers: [registry] });

  return {
    registry,
    observeRequest({ method, route, status }, seconds) {
      requestDuration.observe({ method, route, status: String(status) }, seconds);
    },
    async render(readFigures) {
      try {
        const figures = await readFigures();
        undelivered.set(figures.outbox.undelivered);
        oldestAge.set(figures.outbox.oldestUndeliveredAgeSeconds);
        // Reset first: a label that disappeared (a campaign removed) must not linger.
        rungs.reset();
        for (const { rung, count } of figures.rungsFired) rungs.set({ rung }, count);
        ledgerRows.reset();
        for (const { kind, count } of figures.ledgerRows) ledgerRows.set({ kind }, count);
        unitsStarted.reset();
        for (const { campaignId, count } of figures.unitsStarted) unitsStarted.set({ campaign: campaignId }, count);
        figuresUp.set(1);
      } catch {
        // PostgreSQL down: the process metrics are still worth scraping; the gauge says the rest is stale.
        figuresUp.set(0);
      }
      return registry.metrics();
    },
  };
}
