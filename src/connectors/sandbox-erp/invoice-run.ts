// The invoice run: for each project (or the one named), everything uninvoiced and billable becomes one
// invoice (more only past the 1000-line limit), taxed line by line at the project's tax code's rate,
// rounded half-up per line, numbered in sequence per company and year, due after the party's terms.
import { currencyExponent, sumDecimals } from '../../domain/money.ts';
import { check, isCalendarDate } from './body-reader.ts';
import type { Checked } from './checked.ts';
import { taxOn } from './decimal-rules.ts';
import type { ErpState } from './erp-state.ts';
import { uninvoicedItems } from './invoice-items.ts';
import type { InvoiceItem } from './invoice-items.ts';
import type { CompanyRecord, ProjectRecord } from './records.ts';
import type { VendorInvoice, VendorParty } from './wire-feed.ts';

export const MAX_INVOICE_LINES = 1000;
const DAY_MS = 86_400_000;

export interface InvoiceRunRequest {
  readonly project_id?: string;
  /** Issue date. */
  readonly date: string;
}

export interface IssuedSummary {
  readonly invoice_number: string;
  readonly project_id: string;
  readonly party_code: string;
  readonly currency: string;
  readonly lines: number;
  readonly net_total: string;
  readonly tax_total: string;
  readonly gross_total: string;
  readonly due_date: string;
}

/** A project with something to invoice that the run could not invoice, and why. */
export interface SkippedProject {
  readonly project_id: string;
  readonly code: 'unknown_party' | 'unknown_company' | 'tax_rate_not_configured';
  readonly message: string;
}

export interface InvoiceRunResult {
  readonly invoices: readonly IssuedSummary[];
  readonly skipped: readonly SkippedProject[];
}

export function checkInvoiceRunBody(body: unknown): Checked<InvoiceRunRequest> {
  return check(body, ['project_id', 'date'], (r) => {
    const projectId = r.optionalText('project_id', 64);
    return {
      ...(projectId === undefined ? {} : { project_id: projectId }),
      date: r.matching('date', isCalendarDate, 'a calendar date YYYY-MM-DD'),
    };
  });
}

function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1) + days * DAY_MS).toISOString().slice(0, 10);
}

interface Billing {
  readonly project: ProjectRecord;
  readonly company: CompanyRecord;
  readonly party: VendorParty;
  readonly rate: string;
}

/** Who and at what rate the project is invoiced, or why it cannot be. */
function billingOf(state: ErpState, project: ProjectRecord): Billing | SkippedProject {
  const skip = (code: SkippedProject['code'], message: string): SkippedProject => ({
    project_id: project.project_id,
    code,
    message,
  });
  const ref = project.customer_ref;
  const party = ref === undefined ? undefined : state.receivables.parties.get(ref);
  if (!party)
    return skip(
      'unknown_party',
      ref === undefined
        ? `project ${project.project_id} names no customer`
        : `customer "${ref}" of project ${project.project_id} is not a party of the customer master`,
    );
  const company = state.companies.get(project.company);
  if (!company) return skip('unknown_company', `company "${project.company}" is not configured`);
  const rate = company.tax_rates.get(project.tax_code);
  if (rate === undefined)
    return skip(
      'tax_rate_not_configured',
      `tax code "${project.tax_code}" has no rate in company ${project.company}`,
    );
  return { project, company, party, rate };
}

function issue(
  state: ErpState,
  billing: Billing,
  items: readonly InvoiceItem[],
  date: string,
  now: string,
): VendorInvoice {
  const { project, company, party, rate } = billing;
  const { currency } = project;
  const exponent = currencyExponent(currency);
  // A line booked with its own dated tax keeps it: a rate change since then does not re-tax it.
  const lines = items.map(({ lineTax, ...item }, index) => ({
    line_no: index + 1,
    ...item,
    tax_code: lineTax?.code ?? project.tax_code,
    tax_rate: lineTax?.rate ?? rate,
    tax: lineTax?.amount ?? taxOn(item.net, rate, currency),
  }));
  const netTotal = sumDecimals(
    lines.map((l) => l.net),
    exponent,
  );
  const taxTotal = sumDecimals(
    lines.map((l) => l.tax),
    exponent,
  );
  const year = date.slice(0, 4);
  const sequence = state.receivables.nextInvoiceSequence(company.code, year);
  const invoice: VendorInvoice = {
    invoice_number: `${company.invoice_prefix}-${year}-${String(sequence).padStart(6, '0')}`,
    company: company.code,
    project_id: project.project_id,
    project_code: project.code,
    ...(project.source_ref === undefined ? {} : { project_ref: project.source_ref }),
    party_code: party.party_code,
    currency,
    issue_date: date,
    due_date: addDays(date, party.payment_terms_days),
    lines,
    net_total: netTotal,
    tax_total: taxTotal,
    gross_total: sumDecimals([netTotal, taxTotal], exponent),
    amount_paid: sumDecimals([], exponent),
    status: 'issued',
  };
  state.receivables.record({ type: 'invoice.issued', invoice }, now);
  return invoice;
}

function summary(invoice: VendorInvoice): IssuedSummary {
  return {
    invoice_number: invoice.invoice_number,
    project_id: invoice.project_id,
    party_code: invoice.party_code,
    currency: invoice.currency,
    lines: invoice.lines.length,
    net_total: invoice.net_total,
    tax_total: invoice.tax_total,
    gross_total: invoice.gross_total,
    due_date: invoice.due_date,
  };
}

/** Runs invoicing; refuses only a request it cannot read or a project that does not exist. */
export function runInvoices(state: ErpState, body: unknown, now: string): Checked<InvoiceRunResult> {
  const checked = checkInvoiceRunBody(body);
  if (!checked.ok) return checked;
  const { project_id: projectId, date } = checked.value;
  let projects: readonly ProjectRecord[] = state.projectList;
  if (projectId !== undefined) {
    const project = state.projects.get(projectId);
    if (!project)
      return {
        ok: false,
        error: { code: 'unknown_project', message: `project ${projectId} does not exist` },
      };
    projects = [project];
  }
  const invoices: IssuedSummary[] = [];
  const skipped: SkippedProject[] = [];
  for (const project of projects) {
    const items = uninvoicedItems(state, project);
    if (items.length === 0) continue;
    const billing = billingOf(state, project);
    if (!('party' in billing)) {
      skipped.push(billing);
      continue;
    }
    for (let start = 0; start < items.length; start += MAX_INVOICE_LINES)
      invoices.push(summary(issue(state, billing, items.slice(start, start + MAX_INVOICE_LINES), date, now)));
  }
  return { ok: true, value: { invoices, skipped } };
}
