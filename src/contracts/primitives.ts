// Shared value schemas. Money and quantities are decimal strings, never JSON numbers, so no float ever
// touches an amount; dates are either plain calendar dates (on purpose) or instants with an offset.
import { Type, type Static } from '@sinclair/typebox';

export const DecimalString = Type.String({
  pattern: '^-?(0|[1-9][0-9]{0,14})(\\.[0-9]{1,6})?$',
  description: 'A decimal number as a string, at most 6 fractional digits, e.g. "150.00"',
  examples: ['150.00', '7.5'],
});

export const CurrencyCode = Type.String({
  pattern: '^[A-Z]{3}$',
  description: 'ISO 4217 alphabetic currency code',
  examples: ['EUR', 'USD'],
});

export const Money = Type.Object(
  { amount: DecimalString, currency: CurrencyCode },
  { additionalProperties: false, description: 'A decimal amount in an ISO 4217 currency' },
);
export type Money = Static<typeof Money>;

export const PlainDate = Type.String({
  format: 'date',
  description: 'A calendar date without time zone (YYYY-MM-DD), on purpose',
});

export const Instant = Type.String({
  format: 'date-time',
  description: 'An RFC 3339 instant that carries its UTC offset',
});

/** Canonical ids are stable, system-independent strings such as `project:sandbox-psa:P-1001`. */
export const CanonicalId = Type.String({
  minLength: 3,
  maxLength: 200,
  pattern: '^[a-z][a-z-]*:[A-Za-z0-9._-]+:[A-Za-z0-9._/-]+$',
  description: 'Canonical id: <kind>:<system>:<native id>',
});

export const Hours = Type.String({
  pattern: '^(0|[1-9][0-9]?)(\\.[0-9]{1,2})?$',
  description: 'Hours worked as a decimal string with at most 2 decimals, e.g. "7.25"',
});

/** Planned effort can run to thousands of hours, unlike one day's `Hours`; same two-decimal precision. */
export const PlannedHours = Type.String({
  pattern: '^(0|[1-9][0-9]{0,6})(\\.[0-9]{1,2})?$',
  description: 'Planned hours as a decimal string with at most 2 decimals, e.g. "320.5"',
});

/** Legal entities are named by the code the configuration gives them, not by a canonical id. */
export const LegalEntityCode = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'Legal entity code, e.g. "LL-UK"',
});

/**
 * Codes of reference dimensions (tax code, cost centre, department) as the ERP knows them. No surrounding
 * whitespace: "VAT20 " and "VAT20" would otherwise be two codes that look the same to a person.
 */
export const ReferenceCode = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^\\S(.*\\S)?$',
  description: 'A reference-dimension code as the ERP knows it, e.g. "VAT20" or "CC-410"',
});
