// Company configuration: which companies exist, which tax codes each has enabled, the rate of each tax
// code and the prefix of its invoice numbers. A tax code that is not enabled is the typical rejection an
// operator fixes in the ERP and then retries.
import type { CompanyRecord } from './records.ts';

export interface CompanyConfig {
  readonly code: string;
  readonly currency: string;
  readonly taxCodes: readonly string[];
  /** Percent per tax code ("20", "17.5"); defaults to `defaultTaxRates`. */
  readonly taxRates?: Readonly<Record<string, string>>;
  /** Defaults to the last part of the code ("LL-UK" -> "UK"). */
  readonly invoicePrefix?: string;
}

/** `reverse-charge` is left out on purpose so that a real run can meet, and fix, a rejection. */
export const defaultTaxCodes: readonly string[] = ['standard', 'reduced', 'zero-rated', 'exempt'];

/** Rates of a UK-style VAT; reverse charge is 0 % because the customer accounts for the tax. */
export const defaultTaxRates: Readonly<Record<string, string>> = {
  standard: '20',
  reduced: '5',
  'zero-rated': '0',
  exempt: '0',
  'reverse-charge': '0',
};

export const defaultCompanies: readonly CompanyConfig[] = [
  { code: 'LL-UK', currency: 'GBP', taxCodes: defaultTaxCodes, invoicePrefix: 'UK' },
  {
    code: 'LL-DE',
    currency: 'EUR',
    taxCodes: defaultTaxCodes,
    taxRates: { ...defaultTaxRates, standard: '19', reduced: '7' },
    invoicePrefix: 'DE',
  },
  // No VAT in the US: US sales tax is out of the sandbox's scope, so every code is 0 %.
  {
    code: 'LL-US',
    currency: 'USD',
    taxCodes: defaultTaxCodes,
    taxRates: { ...defaultTaxRates, standard: '0', reduced: '0' },
    invoicePrefix: 'US',
  },
];

export const INVOICE_PREFIX = /^[A-Z0-9]{1,10}$/;

/** The default prefix: the code's last part in capitals, if that makes a valid prefix. */
export function defaultInvoicePrefix(code: string): string | undefined {
  const last = code.split('-').pop()?.toUpperCase() ?? '';
  return INVOICE_PREFIX.test(last) ? last : undefined;
}

export function companyRecord(config: CompanyConfig): CompanyRecord {
  return {
    code: config.code,
    currency: config.currency,
    tax_codes: new Set(config.taxCodes),
    tax_rates: new Map(Object.entries(config.taxRates ?? defaultTaxRates)),
    invoice_prefix: config.invoicePrefix ?? defaultInvoicePrefix(config.code) ?? 'INV',
  };
}
