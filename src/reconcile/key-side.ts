// One side of one key, netted: the records of a ref on one system, summed exactly, reversals cancelling
// postings. This is what classification compares.
import { DecimalSum } from './decimal-sum.ts';
import type { Groups } from './groups.ts';
import { Field } from './packed-record.ts';
import type { KeySide } from './report.ts';
import { amountDecimals, hoursDecimals } from './scales.ts';

export interface SideState {
  /** Postings less reversals. */
  readonly live: number;
  readonly hours: DecimalSum;
  readonly amount: DecimalSum;
  readonly amountUnknown: boolean;
  /** Distinct transaction currencies, sorted, comma-separated. */
  readonly currency: string;
  readonly functional: { readonly amount: DecimalSum; readonly currency: string } | undefined;
  /** Distinct booked periods of the postings (of all records when only reversals are left), sorted. */
  readonly period: string;
  /** Some record is booked in the period being reconciled. */
  readonly inPeriod: boolean;
  /** The records, split into fields, in packed order (see packed-record.ts). */
  readonly records: readonly (readonly string[])[];
}

function distinct(values: Iterable<string>): string {
  return [...new Set(values)].sort().join(',');
}

function booked(fields: readonly string[]): string {
  const period = fields[Field.period] ?? '';
  return period === '' ? (fields[Field.date] ?? '').slice(0, 7) : period;
}

/** `packed`: the side's records, markers resolved (packed-record.ts `recordsOf`). */
export function sideState(packed: readonly string[], groups: Groups, period: string): SideState {
  const records = [...packed].sort().map((r) => r.split('\x1f'));
  let live = 0;
  let amountUnknown = false;
  const hours = new DecimalSum();
  const amount = new DecimalSum();
  let functional: { amount: DecimalSum; currencies: Set<string> } | undefined;
  const postingPeriods: string[] = [];
  const allPeriods: string[] = [];
  const currencies: string[] = [];
  for (const f of records) {
    const flags = f[Field.flags] ?? '';
    const reversal = flags.includes('r');
    live += reversal ? -1 : 1;
    const h = f[Field.hours] ?? '';
    if (h !== '') hours.add(h);
    if (flags.includes('u')) amountUnknown = true;
    else amount.add(f[Field.amount] ?? '');
    currencies.push(groups.get(f[Field.group] ?? -1).currency);
    const functionalCurrency = f[Field.functionalCurrency] ?? '';
    if (functionalCurrency !== '') {
      functional ??= { amount: new DecimalSum(), currencies: new Set() };
      functional.amount.add(f[Field.functionalAmount] ?? '');
      functional.currencies.add(functionalCurrency);
    }
    const p = booked(f);
    allPeriods.push(p);
    if (!reversal) postingPeriods.push(p);
  }
  return {
    live,
    hours,
    amount,
    amountUnknown,
    currency: distinct(currencies),
    functional: functional && {
      amount: functional.amount,
      currency: distinct(functional.currencies),
    },
    period: distinct(postingPeriods.length > 0 ? postingPeriods : allPeriods),
    inPeriod: allPeriods.includes(period),
    records,
  };
}

export function keySide(state: SideState): KeySide {
  const f = state.functional;
  return {
    count: state.live,
    hours: state.hours.format(hoursDecimals),
    amount: state.amount.format(amountDecimals(state.currency)),
    currency: state.currency,
    ...(f
      ? { functional: { amount: f.amount.format(amountDecimals(f.currency)), currency: f.currency } }
      : {}),
    period: state.period,
    ...(state.amountUnknown ? { amountUnknown: true as const } : {}),
  };
}
