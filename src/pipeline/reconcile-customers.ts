// Reconciliation of the customer master: the ERP's customers as its own feed states them now, against
// each PSA's copy (found through the cross-references the pipeline recorded). It reports; a repair is a
// set of resync requests the pipeline then carries out like any event.
import type { Customer, EventOf } from '../contracts/index.ts';
import { resyncSource } from './decide/customer-resync.ts';
import type { CustomerReader, HeldCustomer, SourceConnector } from '../connectors/kit/connector.ts';
import type { Store } from '../store/port.ts';
import { xrefKey } from '../store/port.ts';

export interface CustomerDrift {
  readonly customerId: string;
  readonly externalId: string;
  readonly fields: readonly {
    readonly field: keyof HeldCustomer;
    readonly master: unknown;
    readonly held: unknown;
  }[];
}

export interface PsaReconciliation {
  readonly system: string;
  readonly inSync: number;
  readonly drifted: readonly CustomerDrift[];
  /** Customers of the master that this PSA does not hold (never synced, or deleted there). */
  readonly missing: readonly string[];
}

export interface CustomerReconciliation {
  readonly masterSystem: string;
  readonly customers: number;
  readonly psas: readonly PsaReconciliation[];
  readonly ok: boolean;
}

/** The customer as the master says every PSA should hold it. */
export function expectedHolding(customer: Customer): HeldCustomer {
  return {
    name: customer.name,
    legalName: customer.legalName ?? null,
    billingCurrency: customer.billingCurrency ?? null,
    // Only an active customer takes new work; prospects, holds and archives do not.
    takesNewWork: customer.status === 'active',
  };
}

/** Every customer of the master, latest version each, read from its feed from the beginning. */
async function masterCustomers(master: SourceConnector): Promise<Map<string, Customer>> {
  const customers = new Map<string, Customer>();
  let cursor: string | undefined;
  for (;;) {
    const page = await master.pull(cursor, 500);
    for (const event of page.events)
      if (
        event.type === 'io.ledgerline.customer.created.v1' ||
        event.type === 'io.ledgerline.customer.updated.v1'
      )
        customers.set(event.data.id, event.data);
    if (!page.hasMore || page.nextCursor === undefined || page.nextCursor === cursor) return customers;
    cursor = page.nextCursor;
  }
}

export async function reconcileCustomers(deps: {
  readonly master: SourceConnector;
  readonly psas: readonly CustomerReader[];
  readonly store: Store;
}): Promise<CustomerReconciliation> {
  const customers = await masterCustomers(deps.master);
  const psas: PsaReconciliation[] = [];
  for (const psa of deps.psas) {
    const keys = [...customers.keys()].map((id) => xrefKey(id, psa.system));
    const { xrefs } = await deps.store.loadContext({ xrefs: keys, master: [] });
    let inSync = 0;
    const drifted: CustomerDrift[] = [];
    const missing: string[] = [];
    for (const [id, customer] of customers) {
      const externalId = xrefs.get(xrefKey(id, psa.system));
      const held = externalId === undefined ? undefined : await psa.readCustomer(externalId);
      if (externalId === undefined || held === undefined) {
        missing.push(id);
        continue;
      }
      const expected = expectedHolding(customer);
      const fields = (Object.keys(expected) as (keyof HeldCustomer)[])
        .filter((field) => expected[field] !== held[field])
        .map((field) => ({ field, master: expected[field], held: held[field] }));
      if (fields.length === 0) inSync += 1;
      else drifted.push({ customerId: id, externalId, fields });
    }
    psas.push({ system: psa.system, inSync, drifted, missing });
  }
  return {
    masterSystem: deps.master.system,
    customers: customers.size,
    psas,
    ok: psas.every((p) => p.drifted.length === 0 && p.missing.length === 0),
  };
}

/**
 * What repairing a reconciliation asks the pipeline for: one resync request per drifted or missing copy,
 * each an event of its own (so each repair has its lineage and its own idempotency key at the PSA).
 */
export function resyncRequests(
  report: CustomerReconciliation,
  now: Date,
  newId: () => string,
): EventOf<'CustomerResyncRequested'>[] {
  const request = (
    customerId: string,
    system: string,
    finding: 'drifted' | 'missing',
    fields: readonly string[],
  ): EventOf<'CustomerResyncRequested'> => ({
    specversion: '1.0',
    id: newId(),
    source: resyncSource,
    type: 'io.ledgerline.customer.resync-requested.v1',
    subject: customerId,
    time: now.toISOString(),
    data: { customerId, system, finding, fields: [...fields] },
  });
  return report.psas.flatMap((psa) => [
    ...psa.drifted.map((d) =>
      request(
        d.customerId,
        psa.system,
        'drifted',
        d.fields.map((f) => f.field),
      ),
    ),
    ...psa.missing.map((id) => request(id, psa.system, 'missing', [])),
  ]);
}
