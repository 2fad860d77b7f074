// The decide environment as data: the configuration deciding reads (ERP and PSA systems, legal entities,
// governance, period-close policies). Its digest is the configuration version a posting records; the
// snapshot itself is kept as an input, so a posting is re-derived under the configuration that made it.
import type { LegalEntity } from '../../contracts/index.ts';
import type { PeriodClosePolicy } from '../../domain/finance/periods.ts';
import type { DataDomain } from '../../governance/domains.ts';
import type { DomainGovernance, Governance } from '../../governance/model.ts';
import { decideEnvironment, type DecideEnvironment } from '../decide/context.ts';
import { inputDigest } from './decision-record.ts';

type DomainSnapshot = Omit<DomainGovernance, 'fieldOwnership'> & {
  readonly fieldOwnership: readonly (readonly [string, string])[];
};

export interface EnvironmentSnapshot {
  readonly erpSystem: string;
  readonly legalEntities: readonly LegalEntity[];
  readonly psaTargets: readonly string[];
  readonly psaSystems: readonly string[];
  /** The period-close policy of each legal entity (deciding asks only for configured ones). */
  readonly periodPolicies: Readonly<Record<string, PeriodClosePolicy>>;
  readonly governance: Readonly<Record<string, DomainSnapshot>>;
}

/** The snapshot's JSON and digest; computed once per environment (it does not change while it runs). */
const snapshots = new WeakMap<DecideEnvironment, { readonly digest: string; readonly data: string }>();

export function environmentSnapshot(env: DecideEnvironment): {
  readonly digest: string;
  readonly data: string;
} {
  const known = snapshots.get(env);
  if (known) return known;
  const legalEntities = [...env.legalEntities.values()];
  const snapshot: EnvironmentSnapshot = {
    erpSystem: env.erpSystem,
    legalEntities,
    psaTargets: env.psaTargets,
    psaSystems: env.psaSystems,
    periodPolicies: Object.fromEntries(legalEntities.map((e) => [e.id, env.periodPolicy(e.id)])),
    governance: Object.fromEntries(
      Object.entries(env.governance.domains).map(([domain, g]) => [
        domain,
        { ...g, fieldOwnership: [...g.fieldOwnership] },
      ]),
    ),
  };
  const data = JSON.stringify(snapshot);
  const made = { digest: inputDigest(data), data };
  snapshots.set(env, made);
  return made;
}

/** The environment a snapshot describes. */
export function environmentFrom(data: string): DecideEnvironment {
  const s = JSON.parse(data) as EnvironmentSnapshot;
  const entries = Object.entries(s.governance).map(([domain, g]): [string, DomainGovernance] => [
    domain,
    { ...g, fieldOwnership: new Map(g.fieldOwnership) },
  ]);
  // Every domain was in the snapshot: it was taken from a resolved governance.
  const domains = Object.fromEntries(entries) as Record<DataDomain, DomainGovernance>;
  const governance: Governance = { domains };
  return decideEnvironment({
    erpSystem: s.erpSystem,
    legalEntities: s.legalEntities,
    psaSystems: s.psaSystems,
    psaTargets: s.psaTargets,
    governance,
    periodClose: { policy: 'hold', entities: s.periodPolicies },
  });
}
