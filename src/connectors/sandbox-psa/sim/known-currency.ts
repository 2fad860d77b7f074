// A currency the money module can round (a real ISO 4217 code with a known minor unit).
import { currencyExponent } from '../../../domain/money.ts';

export function isKnownCurrency(code: string): boolean {
  try {
    currencyExponent(code);
    return true;
  } catch {
    return false;
  }
}
