// The demo ERP's exchange rates: a consultant of one entity booking cost on another entity's project
// needs a rate into that entity's currency, and the ERP is the rates' system of record. Fixed, plausible
// reference rates (US dollars per unit), crossed exactly and rounded half-up to 6 decimals.
import { formatDecimal, parseDecimal, round } from '../domain/money.ts';
import type { SandboxErp } from '../connectors/sandbox-erp/server.ts';

const usdPerUnit: Readonly<Record<string, string>> = {
  USD: '1',
  EUR: '1.09',
  GBP: '1.27',
  CHF: '1.13',
  JPY: '0.0067',
  CAD: '0.73',
  AUD: '0.66',
  SEK: '0.095',
  NOK: '0.094',
  DKK: '0.146',
  PLN: '0.25',
  SGD: '0.74',
  INR: '0.012',
};

const RATE_SCALE = 6;

/** `from` -> `to` as `usdPerUnit[from] / usdPerUnit[to]`, exactly, then rounded once. */
export function crossRate(from: string, to: string): string {
  const a = usdPerUnit[from];
  const b = usdPerUnit[to];
  if (a === undefined || b === undefined)
    throw new RangeError(`the demo has no reference rate for ${a === undefined ? from : to}`);
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  // a / b at RATE_SCALE + 1 digits, then one half-up rounding to RATE_SCALE.
  const scale = RATE_SCALE + 1;
  const units = (x.units * 10n ** BigInt(scale + y.scale)) / (y.units * 10n ** BigInt(x.scale));
  return formatDecimal(round({ units, scale }, RATE_SCALE, 'half-up'));
}

/** Publishes a rate for every ordered pair of the firm's currencies on the ERP's feed, from `validFrom`. */
export function publishDemoRates(
  erp: Pick<SandboxErp, 'publishReference'>,
  currencies: readonly string[],
  validFrom = '2020-01-01',
): number {
  const distinct = [...new Set(currencies)].sort();
  let published = 0;
  for (const from of distinct)
    for (const to of distinct) {
      if (from === to) continue;
      erp.publishReference('fx_rate', {
        from_currency: from,
        to_currency: to,
        valid_from: validFrom,
        rate: crossRate(from, to),
        source: 'Ledgerline demo reference rates',
      });
      published++;
    }
  return published;
}
