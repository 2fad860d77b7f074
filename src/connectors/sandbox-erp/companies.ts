// Company configuration: which companies exist and which tax codes each has enabled. A tax code that
// is not enabled is the typical rejection an operator fixes in the ERP and then retries.
import type { CompanyRecord } from './records.ts';

export interface CompanyConfig {
  readonly code: string;
  readonly currency: string;
  readonly taxCodes: readonly string[];
}

/** `reverse-charge` is left out on purpose so that a real run can meet, and fix, a rejection. */
export const defaultTaxCodes: readonly string[] = ['standard', 'reduced', 'zero-rated', 'exempt'];

export const defaultCompanies: readonly CompanyConfig[] = [
  { code: 'LL-UK', currency: 'GBP', taxCodes: defaultTaxCodes },
  { code: 'LL-DE', currency: 'EUR', taxCodes: defaultTaxCodes },
  { code: 'LL-US', currency: 'USD', taxCodes: defaultTaxCodes },
];

export function companyRecord(config: CompanyConfig): CompanyRecord {
  return { code: config.code, currency: config.currency, tax_codes: new Set(config.taxCodes) };
}
