// Validation of a company definition given by an operator (admin endpoint or programmatic call).
import type { Checked } from './checked.ts';
import { defaultInvoicePrefix, INVOICE_PREFIX } from './companies.ts';
import type { CompanyConfig } from './companies.ts';
import { isCurrency, isTaxRate } from './decimal-rules.ts';

function invalid(message: string): Checked<CompanyConfig> {
  return { ok: false, error: { code: 'validation_failed', message } };
}

const isCode = (t: unknown): t is string => typeof t === 'string' && t.length > 0 && t.length <= 64;
const KNOWN = ['code', 'currency', 'tax_codes', 'tax_rates', 'invoice_prefix'];

/** Admin body: `{ code, currency, tax_codes: [...], tax_rates?: { code: "20" }, invoice_prefix? }`. */
export function parseCompanyConfig(body: unknown): Checked<CompanyConfig> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return invalid('body must be { "code", "currency", "tax_codes": [...] }');
  const record = body as Record<string, unknown>;
  const unknown = Object.keys(record).find((key) => !KNOWN.includes(key));
  if (unknown !== undefined) return invalid(`unknown field "${unknown}"`);
  const { code, currency, tax_codes: taxCodes, tax_rates: taxRates, invoice_prefix: prefix } = record;
  if (!isCode(code)) return invalid('code must be a string of 1 to 64 characters');
  if (typeof currency !== 'string' || !isCurrency(currency))
    return invalid('currency must be an ISO 4217 currency code');
  if (!Array.isArray(taxCodes) || !taxCodes.every(isCode))
    return invalid('tax_codes must be an array of strings of 1 to 64 characters');
  let config: CompanyConfig = { code, currency, taxCodes };
  if (taxRates !== undefined) {
    if (taxRates === null || typeof taxRates !== 'object' || Array.isArray(taxRates))
      return invalid('tax_rates must be an object of tax code to percent, e.g. { "standard": "20" }');
    for (const [taxCode, rate] of Object.entries(taxRates))
      if (!isCode(taxCode) || typeof rate !== 'string' || !isTaxRate(rate))
        return invalid(`tax_rates.${taxCode} must be a percent from 0 to 100 as a decimal string`);
    config = { ...config, taxRates: taxRates as Record<string, string> };
  }
  if (prefix !== undefined) {
    if (typeof prefix !== 'string' || !INVOICE_PREFIX.test(prefix))
      return invalid('invoice_prefix must be 1 to 10 capital letters or digits');
    config = { ...config, invoicePrefix: prefix };
  } else if (defaultInvoicePrefix(code) === undefined)
    return invalid(`invoice_prefix is required: the last part of "${code}" is not a valid prefix`);
  return { ok: true, value: config };
}

/** The same rules for a programmatic call; throws because a bad argument there is a caller's bug. */
export function checkCompanyConfig(config: CompanyConfig): CompanyConfig {
  const checked = parseCompanyConfig({
    code: config.code,
    currency: config.currency,
    tax_codes: config.taxCodes,
    ...(config.taxRates === undefined ? {} : { tax_rates: config.taxRates }),
    ...(config.invoicePrefix === undefined ? {} : { invoice_prefix: config.invoicePrefix }),
  });
  if (!checked.ok) throw new RangeError(`invalid company: ${checked.error.message}`);
  return checked.value;
}
