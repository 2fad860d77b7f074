// The operator operations of the simulator, shared by the /admin endpoints and the programmatic handle.
import type { Checked } from './checked.ts';
import { companyRecord } from './companies.ts';
import type { CompanyConfig } from './companies.ts';
import { checkCompanyConfig } from './company-config.ts';
import { ErpState } from './erp-state.ts';
import { parseFaultConfig } from './fault-config.ts';
import type { FaultConfig } from './fault-config.ts';
import { buildReport } from './report.ts';
import type { BookedCounts, ErpReport } from './report.ts';
import type { ServerContext } from './server-context.ts';
import { runInvoices } from './invoice-run.ts';
import type { InvoiceRunResult } from './invoice-run.ts';
import { upsertParty } from './parties.ts';
import type { PartyOutcome } from './parties.ts';
import { recordPayment } from './payments.ts';
import type { VendorChange, VendorPayment } from './wire-feed.ts';
import { publishReference, type ReferenceKind } from './reference-admin.ts';

export interface ErpAdmin {
  report(): ErpReport;
  /** How many billing lines and cost postings are booked: constant time, for progress polling (the report
   * sums every amount, which grows with the book). */
  counts(): BookedCounts;
  faults(): FaultConfig;
  /** Replaces every fault setting; `{}` switches faults off. Throws on an invalid setting. */
  setFaults(faults: FaultConfig): void;
  /**
   * Adds or replaces a company with its enabled tax codes. Throws RangeError on an invalid company or
   * an invoice prefix another company already uses (invoice numbers must stay unique).
   */
  configureCompany(config: CompanyConfig): void;
  /** The company that already uses the config's invoice prefix, if another one does. */
  prefixOwner(config: CompanyConfig): string | undefined;
  /** Creates or replaces a party of the customer master (vendor-shaped body). */
  upsertParty(body: unknown): Checked<PartyOutcome>;
  /** `{ project_id?, date }`: invoices everything uninvoiced and billable. */
  runInvoices(body: unknown): Checked<InvoiceRunResult>;
  /** `{ invoice_number, amount, date, method, reference? }`: a full or part payment. */
  recordPayment(body: unknown): Checked<VendorPayment>;
  /** The company's tax codes after enabling, or undefined when the company does not exist. */
  enableTaxCode(company: string, taxCode: string): readonly string[] | undefined;
  /**
   * Publishes dated reference data on the change feed: an exchange rate (`fx_rate`), a company's tax rate
   * from a date (`tax_rate`), or a period closed or reopened (`period`). Vendor-shaped body.
   */
  publishReference(kind: ReferenceKind, body: unknown): Checked<VendorChange>;
  /** Forgets every record, key and counter; companies go back to the defaults and faults off. */
  reset(): void;
}

/** Runs an operator action and, when it changed something, tells the state file. */
function changing<T>(context: ServerContext, result: Checked<T>): Checked<T> {
  if (result.ok) context.changed();
  return result;
}

export function createErpAdmin(context: ServerContext): ErpAdmin {
  const prefixOwner = (config: CompanyConfig): string | undefined => {
    const prefix = companyRecord(config).invoice_prefix;
    for (const company of context.state.companies.values())
      if (company.code !== config.code && company.invoice_prefix === prefix) return company.code;
    return undefined;
  };
  return {
    report: () => buildReport(context.state),
    counts: () => ({
      billingLines: context.state.billingLines.length,
      costPostings: context.state.costPostings.length,
    }),
    faults: () => context.faults.current(),
    setFaults(faults) {
      // Programmatic callers get the same validation as the endpoint.
      const parsed = parseFaultConfig(faults);
      if (!parsed.ok) throw new RangeError(parsed.error.message);
      context.faults.set(parsed.value);
    },
    configureCompany(config) {
      const checked = checkCompanyConfig(config);
      const owner = prefixOwner(checked);
      if (owner !== undefined)
        throw new RangeError(`invalid company: invoice prefix of ${config.code} is already used by ${owner}`);
      context.state.configureCompany(checked);
      context.changed();
    },
    prefixOwner,
    upsertParty: (body) => changing(context, upsertParty(context.state, body, new Date().toISOString())),
    runInvoices: (body) => changing(context, runInvoices(context.state, body, new Date().toISOString())),
    recordPayment: (body) => changing(context, recordPayment(context.state, body, new Date().toISOString())),
    enableTaxCode(company, taxCode) {
      if (!context.state.enableTaxCode(company, taxCode)) return undefined;
      context.changed();
      return [...(context.state.companies.get(company)?.tax_codes ?? [])];
    },
    publishReference: (kind, body) =>
      changing(context, publishReference(context.state, kind, body, new Date().toISOString())),
    reset() {
      context.state = ErpState.withCompanies();
      context.faults.set({});
      context.changed();
    },
  };
}
