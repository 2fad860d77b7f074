// Governance when the config says nothing: the usual split for a services firm. The PSA records delivery
// (projects, people, time), the ERP records money and the legal customer, a CRM (if any) records the
// pipeline. Every default is one-way, from the system of record to the others.
import type { DomainGovernanceConfig } from '../config/schema.ts';
import type { ConfiguredSystems } from './configured-systems.ts';
import type { DataDomain } from './domains.ts';

type RecordRole = 'psa' | 'erp' | 'crm';

const defaultRecord: Readonly<Record<DataDomain, RecordRole>> = {
  customer: 'erp',
  project: 'psa',
  opportunity: 'crm',
  task: 'psa',
  contract: 'psa',
  'rate-card': 'psa',
  resource: 'psa',
  time: 'psa',
  expense: 'psa',
  milestone: 'psa',
  'billing-schedule': 'erp',
  invoice: 'erp',
  payment: 'erp',
  'reference-data': 'erp',
};

/**
 * The default policy of one domain. With several PSAs (or CRMs), each is the record for its own id space.
 * Without a CRM, opportunities are the PSA's: most PSAs keep a sales pipeline.
 */
export function defaultDomainGovernance(
  domain: DataDomain,
  systems: ConfiguredSystems,
): DomainGovernanceConfig {
  const role = defaultRecord[domain];
  const crm = systems.crm ?? [];
  const records =
    role === 'erp'
      ? [systems.erp.id]
      : (role === 'crm' && crm.length > 0 ? crm : systems.psa).map((s) => s.id);
  return { systemOfRecord: records };
}
