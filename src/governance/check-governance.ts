// The start-up check of the governance section: every domain resolved (configured or defaulted) and every
// inconsistency reported at once, each naming its domain and what to change.
import type { DomainGovernanceConfig, GovernanceConfig } from '../config/schema.ts';
import { systemIds, type ConfiguredSystems } from './configured-systems.ts';
import { defaultDomainGovernance } from './default-governance.ts';
import { dataDomains, defaultLatency, defaultQueueClass, type DataDomain } from './domains.ts';
import { latencyFormatHint, parseLatency } from './latency.ts';
import type { DomainGovernance, Governance } from './model.ts';

export type GovernanceCheck =
  | { readonly ok: true; readonly governance: Governance }
  | { readonly ok: false; readonly problems: readonly string[] };

export interface GovernanceInput {
  readonly systems: ConfiguredSystems;
  readonly governance?: GovernanceConfig;
}

export function checkGovernance(input: GovernanceInput): GovernanceCheck {
  const known = systemIds(input.systems);
  const problems: string[] = [];
  const resolved = dataDomains.map((domain) => {
    const given = input.governance?.domains?.[domain];
    const result = resolveDomain(domain, given ?? defaultDomainGovernance(domain, input.systems), known);
    problems.push(...result.problems);
    return result.policy;
  });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    governance: { domains: Object.fromEntries(resolved.map((p) => [p.domain, p])) as Governance['domains'] },
  };
}

function resolveDomain(
  domain: DataDomain,
  raw: DomainGovernanceConfig,
  known: readonly string[],
): { policy: DomainGovernance; problems: string[] } {
  const at = `governance.domains.${domain}`;
  const records = typeof raw.systemOfRecord === 'string' ? [raw.systemOfRecord] : raw.systemOfRecord;
  const direction = raw.direction ?? 'one-way';
  const queue = raw.queue ?? defaultQueueClass[domain];
  const latency = raw.latency ?? defaultLatency[queue];
  const owners = new Map(Object.entries(raw.fieldOwnership ?? {}));
  const unknown = (ids: Iterable<string>) => [...ids].filter((id) => !known.includes(id));
  const notConfigured = (where: string, id: string) =>
    `${where}: "${id}" is not a configured system; the systems are ${known.join(', ')}`;

  const problems = [
    ...unknown(records).map((id) => notConfigured(`${at}.systemOfRecord`, id)),
    ...unknown(raw.systemsOfEntry ?? []).map((id) => notConfigured(`${at}.systemsOfEntry`, id)),
    ...[...owners]
      .filter(([, owner]) => !known.includes(owner))
      .map(([field, owner]) => notConfigured(`${at}.fieldOwnership.${field}`, owner)),
  ];
  const latencyMs = parseLatency(latency);
  if (latencyMs === undefined)
    problems.push(`${at}.latency: "${latency}" is not a latency; write ${latencyFormatHint}`);

  const rules = direction === 'one-way' ? oneWayProblems : bidirectionalProblems;
  const { entries, problems: ruleProblems } = rules({ domain, at, records, raw, owners, known });
  problems.push(...ruleProblems);
  return {
    policy: {
      domain,
      systemsOfRecord: records,
      systemsOfEntry: entries,
      direction,
      latency,
      latencyMs: latencyMs ?? 0,
      queue,
      fieldOwnership: owners,
    },
    problems,
  };
}

interface RuleInput {
  readonly domain: DataDomain;
  readonly at: string;
  readonly records: readonly string[];
  readonly raw: DomainGovernanceConfig;
  readonly owners: ReadonlyMap<string, string>;
  readonly known: readonly string[];
}
type RuleResult = { entries: readonly string[]; problems: string[] };

/** One-way: the systems of record are the only writers, so they are the systems of entry too. */
function oneWayProblems({ domain, at, records, raw }: RuleInput): RuleResult {
  const problems: string[] = [];
  if (raw.fieldOwnership !== undefined)
    problems.push(
      `${at}: fieldOwnership is only for bidirectional domains (one-way, the system of record owns every ` +
        `field); remove fieldOwnership, or set direction: bidirectional`,
    );
  const given = raw.systemsOfEntry;
  if (given !== undefined && !sameSet(given, records))
    problems.push(
      `${at}: direction is one-way, so ${domain} data is entered only in its system of record ` +
        `(${records.join(', ')}), but systemsOfEntry lists ${given.join(', ')}; leave systemsOfEntry out, ` +
        `or set direction: bidirectional and give the other systems their fields in fieldOwnership`,
    );
  return { entries: records, problems };
}

/** Bidirectional: one system of record, and every field that another system may change has one owner. */
function bidirectionalProblems({ domain, at, records, raw, owners, known }: RuleInput): RuleResult {
  const problems: string[] = [];
  const record = records[0] ?? '';
  if (records.length > 1)
    problems.push(
      `${at}: direction is bidirectional, which needs a single system of record, but systemOfRecord lists ` +
        `${records.join(', ')}; name one, and give the others the fields they may change in fieldOwnership`,
    );
  if (owners.size === 0) {
    const example = domain === 'customer' ? 'legalName' : 'name';
    problems.push(
      `${at}: direction is bidirectional but no fieldOwnership is given; name the owning system of each ` +
        `field that both sides may change (e.g. ${example}: ${record})`,
    );
    return { entries: records, problems };
  }
  const given = raw.systemsOfEntry;
  const entries = unique([record, ...(given ?? [...owners.values()])]);
  if (given !== undefined)
    for (const [field, owner] of owners)
      if (known.includes(owner) && !entries.includes(owner))
        problems.push(
          `${at}.fieldOwnership.${field}: ${owner} is neither the system of record (${record}) nor a ` +
            `system of entry (${given.join(', ')}); add ${owner} to systemsOfEntry, or give ${field} to ` +
            `one of those`,
        );
  const owning = new Set(owners.values());
  const idle = entries.filter((e) => e !== record && !owning.has(e));
  for (const entry of idle)
    problems.push(
      `${at}.systemsOfEntry: ${entry} owns no field in fieldOwnership, so every write from it would be ` +
        `refused; give it the fields it may change, or remove it from systemsOfEntry`,
    );
  if (idle.length === 0 && [...owning].every((o) => o === record))
    problems.push(
      `${at}: direction is bidirectional but every field in fieldOwnership belongs to the system of record ` +
        `${record}; give another system the fields it may change, or set direction: one-way`,
    );
  return { entries, problems };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
