// Master data of the mixed workload as canonical events: customers come from the ERP (their system of
// record), projects and consultants from the PSA. The set-up sends every one of them once; the run sends
// changes (a customer's name, a consultant's cost rate) among the transactions.
import type { EventOf } from '../../src/contracts/index.ts';
import { crossRate } from '../../src/demo/reference-rates.ts';
import {
  entities,
  erpSystem,
  psaSystem,
  resourceId,
  type BenchCustomer,
  type BenchFirm,
  type BenchProject,
} from './firm.ts';

export const eventTime = '2026-09-30T17:00:00+01:00';

type CustomerEvent = EventOf<'CustomerCreated'> | EventOf<'CustomerUpdated'>;
export type MasterEvent =
  CustomerEvent | EventOf<'ProjectActivated'> | EventOf<'ResourceUpdated'> | EventOf<'FxRatePublished'>;

/**
 * The ERP's exchange rates between the entities' currencies: UK-employed consultants book their GBP cost
 * on the German entity's EUR projects, converted at the ERP's rate (the ERP is the rates' system of record).
 */
export function fxRates(): EventOf<'FxRatePublished'>[] {
  const currencies = [...new Set(entities.map((e) => e.currency))].sort();
  return currencies.flatMap((from) =>
    currencies
      .filter((to) => to !== from)
      .map((to) => ({
        specversion: '1.0' as const,
        id: `fx-rate-${from}-${to}`,
        source: erpSystem,
        subject: `fx-rate:${erpSystem}:${from}-${to}-2020-01-01`,
        time: eventTime,
        type: 'io.ledgerline.fx-rate.published.v1' as const,
        data: {
          from,
          to,
          effectiveFrom: '2020-01-01',
          rate: crossRate(from, to),
          source: 'bench reference rates',
        },
      })),
  );
}

/** `revision` 0 is the customer as created; each later one renames it, so every update changes a field. */
export function customerEvent(customer: BenchCustomer, revision: number): CustomerEvent {
  const data = {
    id: customer.id,
    name: revision === 0 ? customer.name : `${customer.name} (rev ${revision})`,
    legalName: `${customer.name} Holdings`,
    status: 'active' as const,
    legalEntityId: customer.entity.id,
    billingCurrency: customer.entity.currency,
    paymentTermsDays: 30,
  };
  const common = { specversion: '1.0' as const, source: erpSystem, subject: customer.id, time: eventTime };
  return revision === 0
    ? { ...common, id: `customer-created-${customer.id}`, type: 'io.ledgerline.customer.created.v1', data }
    : { ...common, id: `customer-updated-${revision}`, type: 'io.ledgerline.customer.updated.v1', data };
}

export function projectActivated(project: BenchProject): EventOf<'ProjectActivated'> {
  return {
    specversion: '1.0',
    id: `project-activated-${project.nativeId}`,
    source: psaSystem,
    subject: project.id,
    time: eventTime,
    type: 'io.ledgerline.project.activated.v1',
    data: {
      id: project.id,
      code: project.code,
      name: project.name,
      customerId: project.customer.id,
      legalEntityId: project.entity.id,
      currency: project.entity.currency,
      taxTreatment: 'standard',
      billingModel: project.billingModel,
    },
  };
}

/** Cost rates are kept in GBP (the consultants are employed by the UK entity); `revision` changes them. */
export function resourceUpdated(r: number, revision: number): EventOf<'ResourceUpdated'> {
  const id = resourceId(r);
  return {
    specversion: '1.0',
    id: `resource-updated-${r}-${revision}`,
    source: psaSystem,
    subject: id,
    time: eventTime,
    type: 'io.ledgerline.resource.updated.v1',
    data: {
      id,
      name: `Consultant ${r}`,
      costRate: { amount: `${55 + ((r + revision) % 40)}.50`, currency: 'GBP' },
    },
  };
}

/** What the run needs first: customers, then projects, then consultants. */
export function setupEvents(firm: BenchFirm): MasterEvent[] {
  return [
    ...fxRates(),
    ...firm.customers.map((c) => customerEvent(c, 0)),
    ...firm.projects.map(projectActivated),
    ...Array.from({ length: firm.resources }, (_, i) => resourceUpdated(i + 1, 0)),
  ];
}
