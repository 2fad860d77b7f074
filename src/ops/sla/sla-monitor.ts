// The SLA timers: per data domain, how much work is open (received, not yet completed: accepted, parked or
// delivering) and how much of it is older than the domain's objective. A domain turning breached or back
// within its objective is a bus event; the alert router and the metrics take it from there.
import { domainOfEventType } from '../../governance/domain-of.ts';
import type { DataDomain } from '../../governance/domains.ts';
import type { PipelineBus } from '../../pipeline/bus.ts';
import type { Store } from '../../store/port.ts';
import type { SlaObjective } from './objectives.ts';

export interface SlaDomainStatus {
  readonly domain: DataDomain;
  readonly objective: string;
  readonly objectiveMs: number;
  readonly open: number;
  /** Open items received longer ago than the objective. */
  readonly breaching: number;
  /** Age of the oldest open item; null when nothing is open. */
  readonly oldestAgeMs: number | null;
  readonly status: 'ok' | 'breached';
}

export interface SlaStatus {
  /** When this process last evaluated (it holds the lease); null before the first run. */
  readonly evaluatedAt: number | null;
  readonly domains: readonly SlaDomainStatus[];
  /** Breaches this process has seen open, per domain, since it started. */
  readonly breachesOpened: Readonly<Partial<Record<DataDomain, number>>>;
}

export class SlaMonitor {
  readonly #store: Store;
  readonly #objectives: readonly SlaObjective[];
  readonly #bus: PipelineBus;
  readonly #breached = new Set<DataDomain>();
  readonly #opened: Partial<Record<DataDomain, number>> = {};
  #last: { at: number; domains: readonly SlaDomainStatus[] } | undefined;

  constructor(deps: { store: Store; objectives: readonly SlaObjective[]; bus: PipelineBus }) {
    this.#store = deps.store;
    this.#objectives = deps.objectives;
    this.#bus = deps.bus;
  }

  get objectives(): readonly SlaObjective[] {
    return this.#objectives;
  }

  /** The SLA state now, read from the store; changes nothing (the admin API asks this on any node). */
  async snapshot(now = Date.now()): Promise<SlaDomainStatus[]> {
    const byDomain = new Map<DataDomain, { types: string[]; open: number; oldest: number }>();
    for (const work of await this.#store.openWorkByType()) {
      const domain = domainOfEventType(work.type);
      if (domain === undefined) continue;
      const entry = byDomain.get(domain) ?? { types: [], open: 0, oldest: Number.POSITIVE_INFINITY };
      entry.types.push(work.type);
      entry.open += work.open;
      entry.oldest = Math.min(entry.oldest, work.oldestReceivedAt);
      byDomain.set(domain, entry);
    }
    const domains: SlaDomainStatus[] = [];
    for (const o of this.#objectives) {
      const work = byDomain.get(o.domain);
      const cutoff = now - o.objectiveMs;
      // Counting only when the oldest is late keeps the usual evaluation to the one grouped query.
      const breaching =
        work && work.oldest < cutoff ? await this.#store.countOpenReceivedBefore(work.types, cutoff) : 0;
      domains.push({
        ...o,
        open: work?.open ?? 0,
        breaching,
        oldestAgeMs: work ? Math.max(0, now - work.oldest) : null,
        status: breaching > 0 ? 'breached' : 'ok',
      });
    }
    return domains;
  }

  /** Evaluates and announces every domain that turned breached or recovered since the last evaluation. */
  async evaluate(now = Date.now()): Promise<readonly SlaDomainStatus[]> {
    const domains = await this.snapshot(now);
    for (const d of domains) {
      const change = { domain: d.domain, objective: d.objective, objectiveMs: d.objectiveMs, open: d.open };
      if (d.status === 'breached' && !this.#breached.has(d.domain)) {
        this.#breached.add(d.domain);
        this.#opened[d.domain] = (this.#opened[d.domain] ?? 0) + 1;
        this.#bus.emit('sla.breached', {
          ...change,
          breaching: d.breaching,
          oldestAgeMs: d.oldestAgeMs ?? 0,
        });
      } else if (d.status === 'ok' && this.#breached.delete(d.domain)) {
        this.#bus.emit('sla.recovered', change);
      }
    }
    this.#last = { at: now, domains };
    return domains;
  }

  status(): SlaStatus {
    return {
      evaluatedAt: this.#last?.at ?? null,
      domains: this.#last?.domains ?? [],
      breachesOpened: { ...this.#opened },
    };
  }
}
