// The legal entities a generated firm operates, one per currency. Offsets are Q3 (summer time) offsets,
// used to stamp approvals in the approver's local time.
import type { FirmCompany } from '../firm.ts';

export interface GeneratedCompany extends FirmCompany {
  readonly utcOffset: string;
  /** Scales GBP-based rate tables to this currency, in percent. */
  readonly rateFactorPercent: number;
}

const known: Record<string, Omit<GeneratedCompany, 'currency'>> = {
  GBP: {
    code: 'LL-UK',
    name: 'Ledgerline Consulting Ltd',
    country: 'GB',
    utcOffset: '+01:00',
    rateFactorPercent: 100,
  },
  EUR: {
    code: 'LL-DE',
    name: 'Ledgerline Beratung GmbH',
    country: 'DE',
    utcOffset: '+02:00',
    rateFactorPercent: 115,
  },
  USD: {
    code: 'LL-US',
    name: 'Ledgerline Consulting Inc.',
    country: 'US',
    utcOffset: '-04:00',
    rateFactorPercent: 125,
  },
  CHF: {
    code: 'LL-CH',
    name: 'Ledgerline Beratung AG',
    country: 'CH',
    utcOffset: '+02:00',
    rateFactorPercent: 110,
  },
  JPY: {
    code: 'LL-JP',
    name: 'Ledgerline Consulting KK',
    country: 'JP',
    utcOffset: '+09:00',
    rateFactorPercent: 19000,
  },
};

export function companyFor(currency: string): GeneratedCompany {
  const entry = known[currency];
  if (entry) return { ...entry, currency };
  // ISO 4217 codes mostly start with the country's ISO 3166 code.
  const country = currency.slice(0, 2);
  return {
    code: `LL-${country}`,
    name: `Ledgerline ${currency} Entity`,
    country,
    currency,
    utcOffset: '+00:00',
    rateFactorPercent: 100,
  };
}
