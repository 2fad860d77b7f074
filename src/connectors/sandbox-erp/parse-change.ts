// Reads one change of the feed: the header first, so a change of a type this reader does not know can be
// skipped by id, then the whole change against its type's schema.
import { compileChecker } from './vendor-checker.ts';
import {
  ChangeHeader,
  FxRateChange,
  InvoiceChange,
  PartyChange,
  PaymentChange,
  PeriodChange,
  TaxRateChange,
} from './wire-feed.ts';
import type { VendorChange } from './wire-feed.ts';

export type ParsedChange =
  | { readonly ok: true; readonly change: VendorChange }
  | {
      readonly ok: false;
      /** `malformed`: not even a change header; `unknown-type`: a type added after this reader. */
      readonly problem: 'malformed' | 'unknown-type' | 'invalid';
      readonly changeId?: string;
      readonly message: string;
    };

const checkHeader = compileChecker(ChangeHeader);
const checkers = {
  'party.created': compileChecker(PartyChange),
  'party.updated': compileChecker(PartyChange),
  'invoice.issued': compileChecker(InvoiceChange),
  'payment.received': compileChecker(PaymentChange),
  'fx_rate.published': compileChecker(FxRateChange),
  'tax_rate.changed': compileChecker(TaxRateChange),
  'period.changed': compileChecker(PeriodChange),
} as const;

function isKnownType(type: string): type is keyof typeof checkers {
  return Object.hasOwn(checkers, type);
}

export function parseChange(value: unknown): ParsedChange {
  const header = checkHeader(value);
  if (!header.ok) return { ok: false, problem: 'malformed', message: `change ${header.errors.join('; ')}` };
  const { change_id: changeId, type } = header.value;
  if (!isKnownType(type))
    return { ok: false, problem: 'unknown-type', changeId, message: `${changeId}: unknown type "${type}"` };
  const checked = checkers[type](value);
  if (!checked.ok)
    return {
      ok: false,
      problem: 'invalid',
      changeId,
      message: `${changeId} (${type}): ${checked.errors.join('; ')}`,
    };
  return { ok: true, change: checked.value };
}
