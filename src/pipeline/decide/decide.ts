// Routes each stored event to the rule for its type. Confirmations are recorded, never routed, except a
// won deal's ProjectProvisioned, which leads to its contract.
import { eventNameOfType } from '../../contracts/index.ts';
import type { EventOf } from '../../contracts/index.ts';
import type { Decision, StoredEvent } from '../../store/port.ts';
import { canonicalKey, masterKey, xrefKey } from '../../store/port.ts';
import { parseCanonicalId } from '../../governance/domain-of.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';
import { decideProjectActivated } from './project-activated.ts';
import { decideResourceUpdated } from './resource-updated.ts';
import { decideTimeApproved } from './time-approved.ts';
import { decideTimeRevised } from './time-revised.ts';
import { decideTimeWithdrawn } from './time-withdrawn.ts';
import { decideCustomerChanged } from './customer-changed.ts';
import { decideCustomerResync } from './customer-resync.ts';
import { decideExpenseApproved } from './expense-approved.ts';
import { decideExpenseRevised } from './expense-revised.ts';
import { decideExpenseWithdrawn } from './expense-withdrawn.ts';
import { decideInvoiceIssued } from './invoice-issued.ts';
import { decidePaymentReceived } from './payment-received.ts';
import { decideMilestoneCompleted } from './milestone-completed.ts';
import { decideProjectClosed } from './project-closed.ts';
import { decideRateCardChanged } from './rate-card-changed.ts';
import { decideTaskPlanChanged } from './task-plan-changed.ts';
import {
  decideAccountingPeriodChanged,
  decideFxRatePublished,
  decideTaxRateChanged,
} from './finance-reference.ts';
import { contractIdOf, decideProjectProvisioned } from './project-provisioned.ts';
import { decideOpportunityClosedWon, deliveryPsa, masterCustomerId } from './opportunity-closed-won.ts';

export function decide(stored: StoredEvent, ctx: BatchContext, env: DecideEnvironment): Decision {
  const { seq, event } = stored;
  switch (eventNameOfType(event.type)) {
    case 'ProjectActivated':
      return decideProjectActivated(seq, event as EventOf<'ProjectActivated'>, ctx, env);
    case 'ResourceUpdated':
      return decideResourceUpdated(seq, event as EventOf<'ResourceUpdated'>, ctx);
    case 'TimeApproved':
      return decideTimeApproved(seq, event as EventOf<'TimeApproved'>, ctx, env);
    case 'TimeRevised':
      return decideTimeRevised(seq, event as EventOf<'TimeRevised'>, ctx, env);
    case 'TimeWithdrawn':
      return decideTimeWithdrawn(seq, event as EventOf<'TimeWithdrawn'>, ctx, env);
    case 'CustomerCreated':
      return decideCustomerChanged(seq, event as EventOf<'CustomerCreated'>, ctx, env);
    case 'CustomerUpdated':
      return decideCustomerChanged(seq, event as EventOf<'CustomerUpdated'>, ctx, env);
    case 'CustomerResyncRequested':
      return decideCustomerResync(seq, event as EventOf<'CustomerResyncRequested'>, ctx, env);
    case 'ExpenseApproved':
      return decideExpenseApproved(seq, event as EventOf<'ExpenseApproved'>, ctx, env);
    case 'ExpenseRevised':
      return decideExpenseRevised(seq, event as EventOf<'ExpenseRevised'>, ctx, env);
    case 'ExpenseWithdrawn':
      return decideExpenseWithdrawn(seq, event as EventOf<'ExpenseWithdrawn'>, ctx, env);
    case 'InvoiceIssued':
      return decideInvoiceIssued(seq, event as EventOf<'InvoiceIssued'>, ctx, env);
    case 'PaymentReceived':
      return decidePaymentReceived(seq, event as EventOf<'PaymentReceived'>, ctx, env);
    case 'MilestoneCompleted':
      return decideMilestoneCompleted(seq, event as EventOf<'MilestoneCompleted'>, ctx, env);
    case 'OpportunityClosedWon':
      return decideOpportunityClosedWon(seq, event as EventOf<'OpportunityClosedWon'>, ctx, env);
    case 'ProjectClosed':
      return decideProjectClosed(seq, event as EventOf<'ProjectClosed'>, ctx, env);
    case 'RateCardChanged':
      return decideRateCardChanged(seq, event as EventOf<'RateCardChanged'>, ctx, env);
    case 'TaskPlanChanged':
      return decideTaskPlanChanged(seq, event as EventOf<'TaskPlanChanged'>, ctx, env);
    case 'FxRatePublished':
      return decideFxRatePublished(seq, event as EventOf<'FxRatePublished'>, ctx, env);
    case 'TaxRateChanged':
      return decideTaxRateChanged(seq, event as EventOf<'TaxRateChanged'>, ctx, env);
    case 'AccountingPeriodChanged':
      return decideAccountingPeriodChanged(seq, event as EventOf<'AccountingPeriodChanged'>, ctx, env);
    case 'BillingScheduleReleased':
      return {
        seq,
        kind: 'reject',
        reasonCode: 'workflow.not_configured',
        reason: `no workflow handles ${event.type} yet`,
      };
    case 'ProjectProvisioned':
      return decideProjectProvisioned(seq, event as EventOf<'ProjectProvisioned'>, ctx, env);
    case 'TimePosted':
    case 'TimeWithdrawalPosted':
    case 'CustomerSynced':
    case 'ProjectContracted':
    case 'ExpensePosted':
    case 'BillingScheduleReleasePosted':
    case 'InvoiceStatusFedBack':
    case 'PaymentStatusFedBack':
      return { seq, kind: 'complete', note: 'confirmation recorded' };
    case undefined:
      return {
        seq,
        kind: 'reject',
        reasonCode: 'intake.unknown_type',
        reason: `no rule for event type ${event.type}`,
      };
  }
}

/**
 * Booking reads the entity's periods and tax rates and the rates into its functional currency; which
 * entity shows only once the project is read, so every entity's are loaded (there are a few).
 */
function bookingKeys(env: Pick<DecideEnvironment, 'legalEntities'>, master: Set<string>): void {
  for (const [id, entity] of env.legalEntities) {
    master.add(masterKey('periods', id));
    master.add(masterKey('tax-rates', id));
    master.add(masterKey('fx-rates', entity.functionalCurrency));
  }
}

/** The xref and master-data keys a batch needs, so the store can load them in one call. */
export function contextKeys(
  events: readonly StoredEvent[],
  env: Pick<DecideEnvironment, 'erpSystem' | 'psaTargets' | 'legalEntities'>,
): { xrefs: string[]; master: string[]; canonical: string[] } {
  const { erpSystem } = env;
  const xrefs = new Set<string>();
  const master = new Set<string>();
  const canonical = new Set<string>();
  /** A transaction to book is in the batch: its entity's books are loaded (once, whatever the count). */
  let books = false;
  for (const { event } of events) {
    if (event.type === 'io.ledgerline.project.activated.v1') {
      xrefs.add(xrefKey(event.data.id, erpSystem));
      const customer =
        event.data.customerId === undefined ? undefined : parseCanonicalId(event.data.customerId);
      if (customer) canonical.add(canonicalKey('customer', customer.system, customer.nativeId));
    }
    if (
      event.type === 'io.ledgerline.customer.created.v1' ||
      event.type === 'io.ledgerline.customer.updated.v1'
    )
      master.add(masterKey('customer', event.data.id));
    if (event.type === 'io.ledgerline.customer.resync-requested.v1')
      master.add(masterKey('customer', event.data.customerId));
    if (event.type === 'io.ledgerline.invoice.issued.v1') master.add(masterKey('invoice', event.data.id));
    if (event.type === 'io.ledgerline.payment.received.v1')
      master.add(masterKey('invoice', event.data.invoiceId));
    if (event.type === 'io.ledgerline.expense.withdrawn.v1')
      xrefs.add(xrefKey(event.data.projectId, erpSystem));
    if (
      event.type === 'io.ledgerline.expense.approved.v1' ||
      event.type === 'io.ledgerline.expense.revised.v1'
    ) {
      xrefs.add(xrefKey(event.data.projectId, erpSystem));
      master.add(masterKey('project', event.data.projectId));
      books = true;
    }
    if (event.type === 'io.ledgerline.opportunity.closed-won.v1') {
      const psa = deliveryPsa(env);
      if (psa !== undefined) xrefs.add(xrefKey(masterCustomerId(event.data.customerId, erpSystem), psa));
    }
    if (event.type === 'io.ledgerline.project.provisioned.v1' && event.data.opportunityId !== undefined) {
      master.add(masterKey('project', event.data.projectId));
      master.add(masterKey('opportunity', event.data.opportunityId));
      xrefs.add(xrefKey(contractIdOf(event.data.opportunityId), erpSystem));
    }
    if (event.type === 'io.ledgerline.project.closed.v1') {
      master.add(masterKey('project', event.data.projectId));
      xrefs.add(xrefKey(event.data.projectId, erpSystem));
    }
    if (event.type === 'io.ledgerline.milestone.completed.v1') {
      xrefs.add(xrefKey(event.data.projectId, erpSystem));
      master.add(masterKey('project', event.data.projectId));
      books = true;
    }
    if (event.type === 'io.ledgerline.time.withdrawn.v1') xrefs.add(xrefKey(event.data.projectId, erpSystem));
    if (event.type === 'io.ledgerline.time.approved.v1' || event.type === 'io.ledgerline.time.revised.v1') {
      xrefs.add(xrefKey(event.data.projectId, erpSystem));
      master.add(masterKey('project', event.data.projectId));
      master.add(masterKey('resource', event.data.resourceId));
      // Time without a rate is priced from its project's legal entity's rate cards; which entity that is
      // shows only once the project is read, so every entity's book is loaded (there are a few).
      if (event.data.billable && event.data.billRate === undefined)
        for (const id of env.legalEntities.keys()) master.add(masterKey('rate-card', id));
      books = true;
    }
    if (event.type === 'io.ledgerline.fx-rate.published.v1') master.add(masterKey('fx-rates', event.data.to));
    if (event.type === 'io.ledgerline.tax-rate.changed.v1')
      master.add(masterKey('tax-rates', event.data.legalEntityId));
    if (event.type === 'io.ledgerline.accounting-period.changed.v1')
      master.add(masterKey('periods', event.data.legalEntityId));
    if (event.type === 'io.ledgerline.rate-card.changed.v1' && event.data.legalEntityId !== undefined)
      master.add(masterKey('rate-card', event.data.legalEntityId));
  }
  if (books) bookingKeys(env, master);
  return { xrefs: [...xrefs], master: [...master], canonical: [...canonical] };
}
