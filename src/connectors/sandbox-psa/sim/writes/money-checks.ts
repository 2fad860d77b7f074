// Refusals shared by the writes that carry money: a currency the PSA does not know, or an amount finer
// than the currency's minor unit, is unprocessable.
import { fitsMinorUnit } from '../../vendor/amount.ts';
import { SandboxPsaError } from '../errors.ts';
import { isKnownCurrency } from '../known-currency.ts';

export function checkCurrency(code: string, field: string): void {
  if (!isKnownCurrency(code))
    throw new SandboxPsaError(
      'unprocessable',
      `${field}: unknown currency "${code}"`,
      [],
      'unknown_currency',
    );
}

export function checkAmounts(currency: string, amounts: Readonly<Record<string, string>>): void {
  checkCurrency(currency, 'currency');
  const bad = Object.entries(amounts)
    .filter(([, amount]) => !fitsMinorUnit(amount, currency))
    .map(([field, amount]) => `${field} ${amount} has more decimals than ${currency} allows`);
  if (bad.length > 0) throw new SandboxPsaError('unprocessable', 'invalid amount', bad, 'invalid_amount');
}
