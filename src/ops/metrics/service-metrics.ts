// A service's Prometheus metrics, in a Registry of its own: never prom-client's global register, since
// tests run several services in one process. Other parts (SLA gauges) register their metrics into
// `registry`; GET /metrics (and `ledgerline worker --metrics-port`) serve it.
import { Registry } from 'prom-client';
import type { PipelineBus } from '../../pipeline/bus.ts';
import type { Store } from '../../store/port.ts';
import { createFlowCounters } from './flow-counters.ts';
import { createStateGauges } from './state-gauges.ts';

export interface ServiceMetrics {
  readonly registry: Registry;
  /** The Prometheus text exposition of every metric. */
  render(): Promise<string>;
  readonly contentType: string;
}

export interface MetricsSources {
  /** The pipeline's bus: intake, decisions, deliveries (relayed from the delivery thread), failures. */
  readonly bus: PipelineBus;
  /** Read at each scrape for the queue, parked and dead-letter gauges; absent: no state gauges. */
  readonly store?: Store;
}

export function createMetrics(sources: MetricsSources): ServiceMetrics & { stop(): void } {
  const registry = new Registry();
  const stopCounting = createFlowCounters(registry).count(sources.bus);
  if (sources.store) createStateGauges(registry, sources.store);
  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    stop: stopCounting,
  };
}
