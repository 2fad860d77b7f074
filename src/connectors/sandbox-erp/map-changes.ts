// Vendor change -> canonical CloudEvent. The event id is the change id, so a page pulled again gives the
// same events; canonical ids live in this ERP's id space (`customer:<system>:<party code>`), except the
// project, which keeps the canonical id Ledgerline gave it when it provisioned the project.
import {
  eventCatalog,
  type CanonicalEvent,
  type Customer,
  type InvoiceStatus as CanonicalInvoiceStatus,
  type IssuedInvoice,
  type Payment,
  type PaymentMethod as CanonicalPaymentMethod,
} from '../../contracts/index.ts';
import type {
  InvoiceStatus,
  PaymentMethod,
  VendorChange,
  VendorInvoice,
  VendorParty,
  VendorPayment,
} from './wire-feed.ts';

const invoiceStatuses: Readonly<Record<InvoiceStatus, Exclude<CanonicalInvoiceStatus, 'draft' | 'void'>>> = {
  issued: 'issued',
  part_paid: 'part-paid',
  paid: 'paid',
};

const paymentMethods: Readonly<Record<PaymentMethod, CanonicalPaymentMethod>> = {
  bank_transfer: 'bank-transfer',
  direct_debit: 'direct-debit',
  card: 'card',
  cheque: 'cheque',
  other: 'other',
};

type Kind = 'customer' | 'invoice' | 'payment' | 'project' | 'billing-event';
const idOf = (kind: Kind, system: string, native: string) => `${kind}:${system}:${native}`;

/** The project as Ledgerline named it, or in this ERP's id space when the ERP was not told. */
function projectIdOf(record: { project_id: string; project_ref?: string }, system: string): string {
  return record.project_ref ?? idOf('project', system, record.project_id);
}

export function toCustomer(party: VendorParty, system: string): Customer {
  const address = party.billing_address;
  return {
    id: idOf('customer', system, party.party_code),
    name: party.trade_name ?? party.legal_name,
    legalName: party.legal_name,
    // An inactive party takes no new business in this ERP: archived, not a temporary hold.
    status: party.active ? 'active' : 'archived',
    legalEntityId: party.company,
    ...(address && {
      billingAddress: {
        lines: address.street,
        city: address.city,
        ...(address.region !== undefined && { region: address.region }),
        ...(address.postcode !== undefined && { postalCode: address.postcode }),
        country: address.country,
      },
    }),
    billingCurrency: party.currency,
    ...(party.vat_number !== undefined && { taxId: party.vat_number }),
    paymentTermsDays: party.payment_terms_days,
  };
}

export function toIssuedInvoice(invoice: VendorInvoice, system: string): IssuedInvoice {
  const money = (amount: string) => ({ amount, currency: invoice.currency });
  return {
    id: idOf('invoice', system, invoice.invoice_number),
    number: invoice.invoice_number,
    customerId: idOf('customer', system, invoice.party_code),
    projectId: projectIdOf(invoice, system),
    legalEntityId: invoice.company,
    currency: invoice.currency,
    issueDate: invoice.issue_date,
    dueDate: invoice.due_date,
    lines: invoice.lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unitPrice: money(line.unit_price),
      net: money(line.net),
      taxCode: line.tax_code,
      tax: money(line.tax),
      // The ERP's billable item (billing line, rebillable expense, released item) is the billing event.
      billingEventId: idOf('billing-event', system, line.item_id),
    })),
    totals: {
      net: money(invoice.net_total),
      tax: money(invoice.tax_total),
      gross: money(invoice.gross_total),
    },
    status: invoiceStatuses[invoice.status],
  };
}

export function toPayment(payment: VendorPayment, system: string): Payment {
  return {
    id: idOf('payment', system, payment.payment_id),
    invoiceId: idOf('invoice', system, payment.invoice_number),
    amount: { amount: payment.amount, currency: payment.currency },
    receivedDate: payment.date,
    method: paymentMethods[payment.method],
    // The ERP records every payment against its invoice: received and allocated in one step.
    status: 'allocated',
    ...(payment.reference !== undefined && { reference: payment.reference }),
  };
}

/** Unvalidated: the caller checks the result against the canonical contract. */
export function toCanonicalEvent(change: VendorChange, system: string): CanonicalEvent {
  const envelope = {
    specversion: '1.0' as const,
    id: change.change_id,
    source: system,
    time: change.occurred_at,
    datacontenttype: 'application/json' as const,
  };
  switch (change.type) {
    case 'party.created':
    case 'party.updated': {
      const data = toCustomer(change.party, system);
      const { type } =
        change.type === 'party.created' ? eventCatalog.CustomerCreated : eventCatalog.CustomerUpdated;
      return { ...envelope, type, subject: data.id, correlationid: data.id, data };
    }
    case 'invoice.issued': {
      const data = toIssuedInvoice(change.invoice, system);
      const type = eventCatalog.InvoiceIssued.type;
      return { ...envelope, type, subject: data.id, correlationid: data.projectId, data };
    }
    case 'payment.received': {
      const data = toPayment(change.payment, system);
      const type = eventCatalog.PaymentReceived.type;
      return {
        ...envelope,
        type,
        subject: data.id,
        correlationid: projectIdOf(change.payment, system),
        data,
      };
    }
    // Reference data: the company is the legal entity (its code is the entity's code, as for parties).
    case 'fx_rate.published': {
      const r = change.fx_rate;
      return {
        ...envelope,
        type: eventCatalog.FxRatePublished.type,
        subject: `fx-rate:${system}:${r.from_currency}-${r.to_currency}-${r.valid_from}`,
        data: {
          from: r.from_currency,
          to: r.to_currency,
          effectiveFrom: r.valid_from,
          rate: r.rate,
          source: r.source,
        },
      };
    }
    case 'tax_rate.changed': {
      const r = change.tax_rate;
      return {
        ...envelope,
        type: eventCatalog.TaxRateChanged.type,
        subject: `tax-rate:${system}:${r.company}-${r.tax_code}-${r.valid_from}`,
        data: {
          legalEntityId: r.company,
          taxCode: r.tax_code,
          effectiveFrom: r.valid_from,
          ratePercent: r.rate_percent,
        },
      };
    }
    case 'period.changed': {
      const p = change.period;
      return {
        ...envelope,
        type: eventCatalog.AccountingPeriodChanged.type,
        subject: `accounting-period:${system}:${p.company}-${p.period}`,
        data: { legalEntityId: p.company, period: p.period, status: p.state },
      };
    }
  }
}
