// Validation of a company definition given by an operator (admin endpoint or programmatic call).
import type { Checked } from './checked.ts';
import type { CompanyConfig } from './companies.ts';
import { isCurrency } from './decimal-rules.ts';

function invalid(message: string): Checked<CompanyConfig> {
  return { ok: false, error: { code: 'validation_failed', message } };
}

/** Admin body: `{ code, currency, tax_codes: [...] }`. */
export function parseCompanyConfig(body: unknown): Checked<CompanyConfig> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return invalid('body must be { "code", "currency", "tax_codes": [...] }');
  const { code, currency, tax_codes: taxCodes } = body as Record<string, unknown>;
  if (typeof code !== 'string' || code.length === 0 || code.length > 64)
    return invalid('code must be a string of 1 to 64 characters');
  if (typeof currency !== 'string' || !isCurrency(currency))
    return invalid('currency must be an ISO 4217 currency code');
  if (
    !Array.isArray(taxCodes) ||
    !taxCodes.every((t) => typeof t === 'string' && t.length > 0 && t.length <= 64)
  )
    return invalid('tax_codes must be an array of strings of 1 to 64 characters');
  return { ok: true, value: { code, currency, taxCodes: taxCodes as string[] } };
}

/** The same rules for a programmatic call; throws because a bad argument there is a caller's bug. */
export function checkCompanyConfig(config: CompanyConfig): CompanyConfig {
  const checked = parseCompanyConfig({
    code: config.code,
    currency: config.currency,
    tax_codes: config.taxCodes,
  });
  if (!checked.ok) throw new RangeError(`invalid company: ${checked.error.message}`);
  return checked.value;
}
