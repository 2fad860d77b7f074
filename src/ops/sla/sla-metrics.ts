// The SLA timers as Prometheus metrics, registered into the registry the caller gives (one per service).
// Values are read from the monitor when scraped, so a scrape always sees its latest evaluation.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { SlaMonitor } from './sla-monitor.ts';

export function registerSlaMetrics(registry: Registry, monitor: SlaMonitor): void {
  new Gauge({
    name: 'ledgerline_sla_breaches',
    help: 'Open items received longer ago than their data domain SLA objective',
    labelNames: ['domain'],
    registers: [registry],
    collect() {
      for (const d of monitor.status().domains) this.set({ domain: d.domain }, d.breaching);
    },
  });
  new Gauge({
    name: 'ledgerline_sla_oldest_open_age_seconds',
    help: 'Age of the oldest open item per data domain (0 when none is open)',
    labelNames: ['domain'],
    registers: [registry],
    collect() {
      for (const d of monitor.status().domains) this.set({ domain: d.domain }, (d.oldestAgeMs ?? 0) / 1000);
    },
  });
  new Gauge({
    name: 'ledgerline_sla_objective_seconds',
    help: 'SLA objective per data domain (its governance latency)',
    labelNames: ['domain'],
    registers: [registry],
    collect() {
      for (const o of monitor.objectives) this.set({ domain: o.domain }, o.objectiveMs / 1000);
    },
  });
  // A counter only goes up: each scrape adds what the monitor opened since the last one.
  const reported = new Map<string, number>();
  new Counter({
    name: 'ledgerline_sla_breaches_total',
    help: 'SLA breaches opened per data domain (a domain turning from within its objective to breached)',
    labelNames: ['domain'],
    registers: [registry],
    collect() {
      for (const [domain, opened] of Object.entries(monitor.status().breachesOpened)) {
        const delta = opened - (reported.get(domain) ?? 0);
        if (delta > 0) this.inc({ domain }, delta);
        reported.set(domain, opened);
      }
    },
  });
}
