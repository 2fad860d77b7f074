// SLA objectives per data domain. The objective is the domain's acceptable latency from the governance
// config (`governance.domains.<domain>.latency`): the one place that already says how long a domain's data
// may take from its system of record to the others (see docs/adr/0016-sla-and-alert-routing.md).
import type { DataDomain } from '../../governance/domains.ts';
import type { Governance } from '../../governance/model.ts';

export interface SlaObjective {
  readonly domain: DataDomain;
  /** As written in the config ("15m"). */
  readonly objective: string;
  readonly objectiveMs: number;
}

export function slaObjectives(governance: Governance): SlaObjective[] {
  return Object.values(governance.domains)
    .filter((d) => d.latencyMs > 0)
    .map((d) => ({ domain: d.domain, objective: d.latency, objectiveMs: d.latencyMs }));
}
