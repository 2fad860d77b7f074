// The sandbox ERP's side of a period reconciliation, over its own read API: billing lines, cost postings
// and expenses from the keyset-paged listings (query-routes.ts), invoices and payments from the change
// feed. Each record kind is mapped by one small function below: a reversal is marked so, a posting booked
// in another month than its date says so (`period`), and the functional amount is kept for FX checks.
import { Type, type Static, type TObject } from '@sinclair/typebox';
import type { CoveredReader } from '../../reconcile/covered-reader.ts';
import type { ReconRecord } from '../../reconcile/record.ts';
import { ErpHttpClient } from './erp-http-client.ts';
import { fetchChanges } from './feed-client.ts';
import { parseChange } from './parse-change.ts';
import { compileChecker } from './vendor-checker.ts';
import type { VendorInvoice, VendorPayment } from './wire-feed.ts';
import { MAX_FEED_PAGE } from './wire-feed.ts';

const pageLimit = 1000;
const text = Type.String({ minLength: 1 });

/** How the ERP booked a record (docs/finance.md): all optional, as records from before bookings lack them. */
const booked = {
  reverses: Type.Optional(text),
  posting_date: Type.Optional(text),
  functional_amount: Type.Optional(text),
  functional_currency: Type.Optional(text),
};
const BillingLine = Type.Object({
  ...booked,
  billing_line_id: text,
  project_id: text,
  source_ref: text,
  date: text,
  quantity: text,
  amount: text,
  currency: text,
});
const CostPosting = Type.Object({
  ...booked,
  cost_posting_id: text,
  project_id: text,
  source_ref: text,
  date: text,
  hours: text,
  amount: text,
  currency: text,
});
const Expense = Type.Object({
  ...booked,
  expense_id: text,
  project_id: text,
  source_ref: text,
  date: text,
  amount: text,
  currency: text,
});
const Release = Type.Object({
  ...booked,
  release_id: text,
  project_id: text,
  billing_item_ref: text,
  amount: text,
  currency: text,
  created_at: text,
});
const Project = Type.Object({ project_id: text, company: text, source_ref: Type.Optional(text) });
const page = <T extends ReturnType<typeof Type.Object>>(item: T) =>
  Type.Object({
    data: Type.Array(item),
    has_more: Type.Boolean(),
    next_after: Type.Union([text, Type.Null()]),
  });

type BillingLine = Static<typeof BillingLine>;
type CostPosting = Static<typeof CostPosting>;
type Expense = Static<typeof Expense>;
type Project = Static<typeof Project>;
type Release = Static<typeof Release>;
type Booked = {
  reverses?: string;
  posting_date?: string;
  functional_amount?: string;
  functional_currency?: string;
};

/** What the booking adds to a record: reversal, the booked month when not the date's, the functional amount. */
function bookingOf(row: Booked, date: string): Partial<ReconRecord> {
  const period = row.posting_date?.slice(0, 7);
  return {
    ...(row.reverses === undefined ? {} : { reversal: true }),
    ...(period === undefined || period === date.slice(0, 7) ? {} : { period }),
    ...(row.functional_amount === undefined || row.functional_currency === undefined
      ? {}
      : { functional: { amount: row.functional_amount, currency: row.functional_currency } }),
  };
}

/** The ERP project a posting is booked on: its company (the entity) and Ledgerline's id of it. */
export interface BookedProject {
  readonly entity: string;
  readonly project: string;
}

export function billingLineRecord(line: BillingLine, on: BookedProject): ReconRecord {
  return {
    type: 'billable-time',
    ref: line.source_ref,
    ...on,
    date: line.date,
    hours: line.quantity,
    amount: line.amount,
    currency: line.currency,
    id: line.billing_line_id,
    ...bookingOf(line, line.date),
  };
}

export function costPostingRecord(posting: CostPosting, on: BookedProject): ReconRecord {
  return {
    type: 'cost',
    ref: posting.source_ref,
    ...on,
    date: posting.date,
    hours: posting.hours,
    amount: posting.amount,
    currency: posting.currency,
    id: posting.cost_posting_id,
    ...bookingOf(posting, posting.date),
  };
}

/** An expense is one cost line (and a rebillable line at the same amount when billable): its amount. */
export function expenseRecord(expense: Expense, on: BookedProject): ReconRecord {
  return {
    type: 'expense',
    ref: expense.source_ref,
    ...on,
    date: expense.date,
    amount: expense.amount,
    currency: expense.currency,
    id: expense.expense_id,
    ...bookingOf(expense, expense.date),
  };
}

/** A released billing item: dated when it was booked (the milestone's completion), else when released. */
export function releaseRecord(release: Release, on: BookedProject): ReconRecord {
  const date = release.posting_date ?? release.created_at.slice(0, 10);
  return {
    type: 'milestone-billing',
    ref: release.billing_item_ref,
    ...on,
    date,
    amount: release.amount,
    currency: release.currency,
    id: release.release_id,
    ...bookingOf(release, date),
  };
}

export function invoiceRecord(system: string, invoice: VendorInvoice): ReconRecord {
  return {
    type: 'invoice',
    ref: invoice.invoice_number,
    entity: invoice.company,
    project: invoice.project_ref ?? `project:${system}:${invoice.project_id}`,
    date: invoice.issue_date,
    amount: invoice.gross_total,
    currency: invoice.currency,
    id: invoice.invoice_number,
  };
}

/** Named as Ledgerline names it to the PSA (`payment:<system>:<id>`); its entity is its invoice's. */
export function paymentRecord(system: string, payment: VendorPayment, entity: string): ReconRecord {
  return {
    type: 'payment',
    ref: `payment:${system}:${payment.payment_id}`,
    entity,
    project: '',
    date: payment.date,
    amount: payment.amount,
    currency: payment.currency,
    id: payment.payment_id,
  };
}

export function createSandboxErpReconciliationReader(options: {
  readonly system: string;
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly timeoutMs?: number;
}): CoveredReader {
  const { system } = options;
  const client = new ErpHttpClient(options.baseUrl, options.apiKey, options.timeoutMs ?? 30_000);
  const projects = new Map<string, BookedProject>();
  const checkProject = compileChecker(Project);

  async function getJson(path: string): Promise<unknown> {
    const outcome = await client.getJson(path);
    if (outcome.kind !== 'response') throw new Error(`GET ${path} on ${system} failed: ${outcome.message}`);
    if (outcome.status !== 200) throw new Error(`GET ${path} on ${system} answered ${outcome.status}`);
    return outcome.body;
  }

  async function bookedProject(projectId: string): Promise<BookedProject> {
    const known = projects.get(projectId);
    if (known) return known;
    const checked = checkProject(await getJson(`/erp/v1/projects/${encodeURIComponent(projectId)}`));
    if (!checked.ok) throw new Error(`project ${projectId} on ${system}: ${checked.errors.join('; ')}`);
    const p: Project = checked.value;
    // Provisioned by Ledgerline, the project carries Ledgerline's id as its source_ref.
    const booked = { entity: p.company, project: p.source_ref ?? `project:${system}:${p.project_id}` };
    projects.set(projectId, booked);
    return booked;
  }

  async function* listing<S extends TObject>(
    path: string,
    item: S,
    map: (row: Static<S>, on: BookedProject) => ReconRecord,
  ): AsyncGenerator<ReconRecord> {
    const check = compileChecker(page(item));
    let after: string | null = null;
    do {
      const query = new URLSearchParams({ limit: String(pageLimit), ...(after === null ? {} : { after }) });
      const checked = check(await getJson(`${path}?${query.toString()}`));
      if (!checked.ok) throw new Error(`GET ${path} on ${system}: ${checked.errors.join('; ')}`);
      for (const row of checked.value.data) yield map(row, await bookedProject(String(row['project_id'])));
      after = checked.value.has_more ? checked.value.next_after : null;
    } while (after !== null);
  }

  async function* receivables(): AsyncGenerator<ReconRecord> {
    const companyOfInvoice = new Map<string, string>();
    let after: string | undefined;
    for (;;) {
      const answer = await fetchChanges(client, after, MAX_FEED_PAGE);
      if (!answer.ok) throw new Error(`the change feed of ${system}: ${answer.message}`);
      for (const raw of answer.data) {
        const parsed = parseChange(raw);
        if (!parsed.ok) continue;
        const { change } = parsed;
        if (change.type === 'invoice.issued') {
          companyOfInvoice.set(change.invoice.invoice_number, change.invoice.company);
          yield invoiceRecord(system, change.invoice);
        } else if (change.type === 'payment.received')
          yield paymentRecord(
            system,
            change.payment,
            companyOfInvoice.get(change.payment.invoice_number) ?? '',
          );
      }
      if (!answer.hasMore || answer.nextAfter === null) return;
      after = answer.nextAfter;
    }
  }

  return {
    system,
    types: ['billable-time', 'cost', 'expense', 'milestone-billing', 'invoice', 'payment'],
    async *read(scope) {
      // Dated in the period, or booked in it (a posting rolled forward from a closed month).
      const inScope = (r: ReconRecord) =>
        (r.date.startsWith(scope.period) || r.period === scope.period) &&
        (scope.entity === undefined || r.entity === scope.entity);
      const all = [
        listing('/erp/v1/billing_lines', BillingLine, billingLineRecord),
        listing('/erp/v1/cost_postings', CostPosting, costPostingRecord),
        listing('/erp/v1/expenses', Expense, expenseRecord),
        listing('/erp/v1/billing_releases', Release, releaseRecord),
        receivables(),
      ];
      for (const records of all) for await (const r of records) if (inScope(r)) yield r;
    },
    close: () => client.close(),
  };
}
