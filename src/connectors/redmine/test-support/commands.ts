// Canonical PSA-bound commands as the pipeline would send them to Redmine.
import type { InvoiceStatus, PaymentStatus } from '../../../contracts/index.ts';
import type { RecordInvoiceStatus, RecordPayment } from '../../kit/commands.ts';

const eur = (amount: string) => ({ amount, currency: 'EUR' });

export function invoiceStatusCommand(o: {
  number: string;
  projectExternalId: number;
  timeEntryIds: readonly string[];
  status: Exclude<InvoiceStatus, 'draft'>;
}): RecordInvoiceStatus {
  return {
    kind: 'recordInvoiceStatus',
    idempotencyKey: `invoice-${o.number}-${o.status}`,
    projectExternalId: String(o.projectExternalId),
    invoice: {
      id: `invoice:erp:${o.number}`,
      number: o.number,
      customerId: 'customer:erp:c1',
      projectId: `project:redmine:${o.projectExternalId}`,
      legalEntityId: 'LL-UK',
      currency: 'EUR',
      issueDate: '2026-11-20',
      dueDate: '2026-12-20',
      status: o.status,
      lines: [
        {
          description: 'Consulting',
          quantity: '2',
          unitPrice: eur('100.00'),
          net: eur('200.00'),
          taxCode: 'VAT20',
          tax: eur('40.00'),
          timeEntryIds: [...o.timeEntryIds],
        },
      ],
      totals: { net: eur('200.00'), tax: eur('40.00'), gross: eur('240.00') },
    },
  };
}

export function paymentCommand(o: {
  number: string;
  projectExternalId: number;
  status: PaymentStatus;
}): RecordPayment {
  return {
    kind: 'recordPayment',
    idempotencyKey: `payment-${o.number}-${o.status}`,
    invoiceNumber: o.number,
    projectExternalId: String(o.projectExternalId),
    payment: {
      id: `payment:erp:${o.number}`,
      invoiceId: `invoice:erp:${o.number}`,
      amount: eur('100.00'),
      receivedDate: '2026-11-25',
      method: 'bank-transfer',
      status: o.status,
    },
  };
}
