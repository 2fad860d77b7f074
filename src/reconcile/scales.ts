// How many decimals a report shows: hours at least 2 (their contract's precision), amounts at least their
// currency's minor unit, and never fewer than the figures summed had, so nothing is rounded away.
import { currencyExponent } from '../domain/money.ts';

export const hoursDecimals = 2;

/** The currency's ISO 4217 minor unit; 2 for a text that is no single known currency ("EUR,GBP"). */
export function amountDecimals(currency: string): number {
  try {
    return currencyExponent(currency);
  } catch {
    return 2;
  }
}
