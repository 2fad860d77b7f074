// The operator operations of the simulator, shared by the /admin endpoints and the programmatic handle.
import type { CompanyConfig } from './companies.ts';
import { checkCompanyConfig } from './company-config.ts';
import { ErpState } from './erp-state.ts';
import { parseFaultConfig } from './fault-config.ts';
import type { FaultConfig } from './fault-config.ts';
import { buildReport } from './report.ts';
import type { ErpReport } from './report.ts';
import type { ServerContext } from './server-context.ts';

export interface ErpAdmin {
  report(): ErpReport;
  faults(): FaultConfig;
  /** Replaces every fault setting; `{}` switches faults off. Throws on an invalid setting. */
  setFaults(faults: FaultConfig): void;
  /** Adds or replaces a company with its enabled tax codes. */
  configureCompany(config: CompanyConfig): void;
  /** The company's tax codes after enabling, or undefined when the company does not exist. */
  enableTaxCode(company: string, taxCode: string): readonly string[] | undefined;
  /** Forgets every record, key and counter; companies go back to the defaults and faults off. */
  reset(): void;
}

export function createErpAdmin(context: ServerContext): ErpAdmin {
  return {
    report: () => buildReport(context.state),
    faults: () => context.faults.current(),
    setFaults(faults) {
      // Programmatic callers get the same validation as the endpoint.
      const parsed = parseFaultConfig(faults);
      if (!parsed.ok) throw new RangeError(parsed.error.message);
      context.faults.set(parsed.value);
    },
    configureCompany(config) {
      context.state.configureCompany(checkCompanyConfig(config));
      context.changed();
    },
    enableTaxCode(company, taxCode) {
      if (!context.state.enableTaxCode(company, taxCode)) return undefined;
      context.changed();
      return [...(context.state.companies.get(company)?.tax_codes ?? [])];
    },
    reset() {
      context.state = ErpState.withCompanies();
      context.faults.set({});
      context.changed();
    },
  };
}
