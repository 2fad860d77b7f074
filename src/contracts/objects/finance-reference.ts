// Dated finance reference data whose system of record is the ERP: exchange rates, tax rates and the state of
// accounting periods. Each is a fact "from this date", so a posting can always be priced again exactly as
// it was first priced, and a correction of an old entry uses what was in force on the entry's date.
import { Type, type Static } from '@sinclair/typebox';
import { CurrencyCode, DecimalString, LegalEntityCode, PlainDate, ReferenceCode } from '../primitives.ts';

/** Rates carry more digits than amounts: ECB reference rates have 4 to 6 significant fractional digits. */
export const RateString = Type.String({
  pattern: '^(0|[1-9][0-9]{0,9})(\\.[0-9]{1,10})?$',
  description: 'A positive decimal rate as a string, at most 10 fractional digits, e.g. "1.0865"',
  examples: ['1.0865', '0.92'],
});

/** One unit of `from` costs `rate` units of `to`, from `effectiveFrom` until the next rate of the pair. */
export const FxRate = Type.Object(
  {
    from: CurrencyCode,
    to: CurrencyCode,
    effectiveFrom: PlainDate,
    rate: RateString,
    /** Where the ERP took the rate from, kept on every posting priced with it (e.g. "ECB reference"). */
    source: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false, $id: 'FxRate' },
);
export type FxRate = Static<typeof FxRate>;

/** A tax code's rate for one legal entity from a date; a rate change is a new row, never an edit. */
export const TaxRate = Type.Object(
  {
    legalEntityId: LegalEntityCode,
    taxCode: ReferenceCode,
    effectiveFrom: PlainDate,
    ratePercent: DecimalString,
  },
  { additionalProperties: false, $id: 'TaxRate' },
);
export type TaxRate = Static<typeof TaxRate>;

export const PeriodCode = Type.String({
  pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$',
  description: 'An accounting period as its calendar month, YYYY-MM',
  examples: ['2026-10'],
});

/** Whether the entity's books take postings dated in the period. */
export const AccountingPeriod = Type.Object(
  {
    legalEntityId: LegalEntityCode,
    period: PeriodCode,
    status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  },
  { additionalProperties: false, $id: 'AccountingPeriod' },
);
export type AccountingPeriod = Static<typeof AccountingPeriod>;
