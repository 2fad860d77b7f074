// The firm the mixed workload runs against: two legal entities, the ERP's customers, the PSA's projects
// (time-and-materials, fixed-fee, retainer) and consultants. One description feeds both the canonical
// events and the sandbox PSA's seed, so their ids agree: `project:bench-psa:P-7` is the PSA's P-7.
import type { BillingModel } from '../../src/contracts/index.ts';

/** The PSA's system id: the source of delivery events, and the id space of projects. */
export const psaSystem = 'bench-psa';
/** The ERP's system id: the source of customer, invoice and payment events. */
export const erpSystem = 'bench-erp';

export interface Entity {
  readonly id: string;
  readonly name: string;
  readonly country: string;
  readonly currency: string;
  /** Standard VAT as a decimal fraction, applied to invoices. */
  readonly vat: string;
  readonly invoicePrefix: string;
}

export const entities: readonly Entity[] = [
  {
    id: 'LL-UK',
    name: 'Ledgerline UK Ltd',
    country: 'GB',
    currency: 'GBP',
    vat: '0.20',
    invoicePrefix: 'UK',
  },
  { id: 'LL-DE', name: 'Ledgerline GmbH', country: 'DE', currency: 'EUR', vat: '0.19', invoicePrefix: 'DE' },
];

export interface BenchCustomer {
  /** Canonical id in the ERP's id space. */
  readonly id: string;
  /** The PSA's client record for it. */
  readonly psaClientId: string;
  readonly name: string;
  readonly entity: Entity;
}

export interface BenchProject {
  readonly id: string;
  readonly nativeId: string;
  readonly code: string;
  readonly name: string;
  readonly customer: BenchCustomer;
  readonly entity: Entity;
  readonly billingModel: BillingModel;
}

export interface BenchFirm {
  readonly customers: readonly BenchCustomer[];
  readonly projects: readonly BenchProject[];
  /** Time-and-materials projects: billable time, invoices for it. */
  readonly timeProjects: readonly BenchProject[];
  /** Fixed-fee and retainer projects: billed by milestone, their time is not billable. */
  readonly milestoneProjects: readonly BenchProject[];
  readonly resources: number;
}

export interface FirmSize {
  readonly customers: number;
  readonly projects: number;
  readonly resources: number;
}

export const resourceId = (r: number): string => `resource:${psaSystem}:U-${r}`;

function entityOf(n: number): Entity {
  // One customer in five is German; PSA and ERP ids are 1-based, as the PSA's id patterns require.
  const entity = entities[n % 5 === 0 ? 1 : 0];
  if (!entity) throw new Error('no legal entity');
  return entity;
}

function billingModelOf(p: number): BillingModel {
  if (p % 8 === 0) return 'fixed-fee';
  if (p % 8 === 4) return 'retainer';
  return 'time-and-materials';
}

export function describeFirm(size: FirmSize): BenchFirm {
  if (size.projects < 8) throw new RangeError('the mixed workload needs at least 8 projects');
  const customers = Array.from({ length: size.customers }, (_, i): BenchCustomer => {
    const n = i + 1;
    return {
      id: `customer:${erpSystem}:CU-${n}`,
      psaClientId: `C-${n}`,
      name: `Client ${n}`,
      entity: entityOf(n),
    };
  });
  const projects = Array.from({ length: size.projects }, (_, i): BenchProject => {
    const p = i + 1;
    const customer = customers[i % customers.length];
    if (!customer) throw new RangeError('the mixed workload needs at least one customer');
    return {
      id: `project:${psaSystem}:P-${p}`,
      nativeId: `P-${p}`,
      code: `MX-${p}`,
      name: `Engagement ${p} for ${customer.name}`,
      customer,
      entity: customer.entity,
      billingModel: billingModelOf(p),
    };
  });
  return {
    customers,
    projects,
    timeProjects: projects.filter((p) => p.billingModel === 'time-and-materials'),
    milestoneProjects: projects.filter((p) => p.billingModel !== 'time-and-materials'),
    resources: size.resources,
  };
}
