// The transactions of the mixed workload as canonical events, each built from its sequence number so a
// run is the same every time. Amounts are decimal strings, computed with the domain's own exact
// arithmetic (extend, sumDecimals), never with JS numbers.
import type { EventOf, ExpenseCategory } from '../../src/contracts/index.ts';
import { extend, sumDecimals, type Money } from '../../src/domain/money.ts';
import { erpSystem, psaSystem, resourceId, type BenchFirm, type BenchProject } from './firm.ts';
import { eventTime } from './master-events.ts';

const quarterHours = ['0.25', '0.5', '1', '1.5', '2', '3.75', '4', '6.5', '7.5', '8'];
const categories: readonly ExpenseCategory[] = [
  'travel',
  'accommodation',
  'meals',
  'mileage',
  'software',
  'other',
];
const cents = (n: number): string => String(n % 100).padStart(2, '0');
const day = (n: number): string => `2026-09-${String(1 + (n % 28)).padStart(2, '0')}`;

function pick<T>(list: readonly T[], n: number): T {
  const item = list[n % list.length];
  if (item === undefined) throw new RangeError('cannot pick from an empty list');
  return item;
}

/** Time on a fixed-fee or retainer project is not billable: the fee is billed by milestones. */
export function timeApproved(n: number, firm: BenchFirm): EventOf<'TimeApproved'> {
  const project = pick(firm.projects, n);
  const id = `time:${psaSystem}:T-${n + 1}`;
  const billable = project.billingModel === 'time-and-materials' && n % 7 !== 0;
  return {
    specversion: '1.0',
    id: `time-approved-${n + 1}`,
    source: psaSystem,
    subject: id,
    time: eventTime,
    type: 'io.ledgerline.time.approved.v1',
    correlationid: project.id,
    data: {
      id,
      projectId: project.id,
      resourceId: resourceId(1 + (n % firm.resources)),
      workDate: day(n),
      hours: pick(quarterHours, n),
      billable,
      ...(billable
        ? {
            billRate: { amount: `1${String(n % 90).padStart(2, '0')}.33`, currency: project.entity.currency },
          }
        : {}),
      approvedAt: eventTime,
      approvedBy: 'manager-1',
    },
  };
}

/** Expenses are in their project's currency (a project books one currency); two in three are rebillable. */
export function expenseApproved(n: number, firm: BenchFirm): EventOf<'ExpenseApproved'> {
  const project = pick(firm.projects, n * 3);
  const id = `expense:${psaSystem}:E-${n + 1}`;
  return {
    specversion: '1.0',
    id: `expense-approved-${n + 1}`,
    source: psaSystem,
    subject: id,
    time: eventTime,
    type: 'io.ledgerline.expense.approved.v1',
    correlationid: project.id,
    data: {
      id,
      projectId: project.id,
      resourceId: resourceId(1 + ((n * 7) % firm.resources)),
      incurredDate: day(n),
      category: pick(categories, n),
      amount: { amount: `${12 + (n % 240)}.${cents(n * 7)}`, currency: project.entity.currency },
      billable: n % 3 !== 0,
      reimbursable: n % 4 !== 0,
      receiptReference: `RCPT-${n + 1}`,
      description: `Expense ${n + 1} on ${project.code}`,
      approvedAt: eventTime,
      approvedBy: 'manager-1',
    },
  };
}

export function milestoneCompleted(n: number, firm: BenchFirm): EventOf<'MilestoneCompleted'> {
  const project = pick(firm.milestoneProjects, n);
  const id = `milestone:${psaSystem}:M-${n + 1}`;
  return {
    specversion: '1.0',
    id: `milestone-completed-${n + 1}`,
    source: psaSystem,
    subject: id,
    time: eventTime,
    type: 'io.ledgerline.milestone.completed.v1',
    correlationid: project.id,
    data: {
      id,
      projectId: project.id,
      contractId: `contract:${psaSystem}:${project.nativeId}`,
      name: `Milestone ${n + 1} of ${project.code}`,
      dueDate: day(n),
      amount: { amount: `${5000 + (n % 20) * 250}.00`, currency: project.entity.currency },
      status: 'completed',
      completedDate: day(n),
    },
  };
}

export type IssuedInvoice = EventOf<'InvoiceIssued'>['data'];

/** An invoice for time (time-and-materials projects) or for a milestone, with the entity's VAT. */
export function invoiceIssued(n: number, firm: BenchFirm): EventOf<'InvoiceIssued'> {
  const forTime = n % 4 !== 3;
  const project: BenchProject = forTime ? pick(firm.timeProjects, n * 7) : pick(firm.milestoneProjects, n);
  const { entity } = project;
  const quantity = forTime ? `${8 * (1 + (n % 10))}` : '1';
  const unitPrice: Money = forTime
    ? { amount: `1${String(n % 90).padStart(2, '0')}.33`, currency: entity.currency }
    : { amount: `${5000 + (n % 20) * 250}.00`, currency: entity.currency };
  const net = extend(quantity, unitPrice);
  const tax = extend(entity.vat, net);
  const gross = { amount: sumDecimals([net.amount, tax.amount], 2), currency: entity.currency };
  const id = `invoice:${erpSystem}:SI-${n + 1}`;
  return {
    specversion: '1.0',
    id: `invoice-issued-${n + 1}`,
    source: erpSystem,
    subject: id,
    time: eventTime,
    type: 'io.ledgerline.invoice.issued.v1',
    correlationid: project.id,
    data: {
      id,
      number: `${entity.invoicePrefix}-2026-${String(n + 1).padStart(6, '0')}`,
      customerId: project.customer.id,
      projectId: project.id,
      legalEntityId: entity.id,
      currency: entity.currency,
      issueDate: '2026-09-30',
      dueDate: '2026-10-30',
      lines: [
        {
          description: forTime
            ? `Consulting, September 2026, ${project.code}`
            : `Milestone billing, ${project.code}`,
          quantity,
          unitPrice,
          net,
          taxCode: 'standard',
          tax,
        },
      ],
      totals: { net, tax, gross },
      status: 'issued',
    },
  };
}

/** Whether payment `n` settles its invoice in full (the PSA then shows it paid); else it pays half. */
export const paysInFull = (n: number): boolean => n % 3 !== 2;

export function paymentReceived(n: number, invoice: IssuedInvoice): EventOf<'PaymentReceived'> {
  const gross = invoice.totals.gross;
  const amount = paysInFull(n) ? gross : extend('0.5', gross);
  const id = `payment:${erpSystem}:PAY-${n + 1}`;
  return {
    specversion: '1.0',
    id: `payment-received-${n + 1}`,
    source: erpSystem,
    subject: id,
    time: eventTime,
    type: 'io.ledgerline.payment.received.v1',
    correlationid: invoice.projectId,
    data: {
      id,
      invoiceId: invoice.id,
      amount,
      receivedDate: '2026-10-20',
      method: 'bank-transfer',
      status: 'received',
      reference: `${invoice.number} PAY-${n + 1}`,
    },
  };
}
