// Tryton's accounting periods and currency rates as canonical facts: AccountingPeriodChanged and
// FxRatePublished, each with what the source memory compares (the fact's value) and a stable event id.
// An id names the Tryton records and the moment they last changed, so stating the same fact again gives
// the same id (the intake drops it as a duplicate), while a new change (closed, reopened, closed again; a
// rate corrected) gives a new one.
import { eventCatalog, type CanonicalEvent } from '../../contracts/index.ts';
import { fromDateTime, type WireDateTime } from './codec.ts';

/** What the source memory keeps per fact: the value last published under its key. */
export interface ReferenceFact {
  readonly kind: 'accounting-period' | 'fx-rate';
  /** The fact's key within its kind: `2026-10`, `USD-EUR-2026-10-15`. */
  readonly nativeId: string;
  readonly fingerprint: string;
  readonly event: CanonicalEvent;
}

export const FX_SOURCE = 'Tryton currency.currency.rate';

interface Stamped {
  readonly id: number;
  readonly write_date: WireDateTime | null;
  readonly create_date: WireDateTime | null;
}

/** The instant a record last changed (created, when never written since). */
export function changedAt(row: Stamped): string {
  const stamp = row.write_date ?? row.create_date;
  return stamp === null ? '1970-01-01T00:00:00.000000Z' : fromDateTime(stamp);
}

/** `<record id>@<digits of its last change>`: what a fact's event id is made of. */
export function version(row: Stamped): string {
  return `${row.id}@${changedAt(row).replace(/[^0-9]/g, '')}`;
}

const later = (a: string, b: string) => (a > b ? a : b);

export function periodFact(
  system: string,
  legalEntityId: string,
  period: string,
  status: 'open' | 'closed',
  row: Stamped,
): ReferenceFact {
  const subject = `accounting-period:${system}:${legalEntityId}-${period}`;
  return {
    kind: 'accounting-period',
    nativeId: period,
    fingerprint: status,
    event: {
      specversion: '1.0',
      id: `tryton-period-${version(row)}-${status}`,
      source: system,
      type: eventCatalog.AccountingPeriodChanged.type,
      subject,
      time: changedAt(row),
      datacontenttype: 'application/json',
      data: { legalEntityId, period, status },
    },
  };
}

/** A rate of `from` into `to` from `date`, made of the two Tryton rate records in force on it. */
export function fxFact(
  system: string,
  rate: { readonly from: string; readonly to: string; readonly date: string; readonly rate: string },
  fromRow: Stamped,
  toRow: Stamped,
): ReferenceFact {
  const key = `${rate.from}-${rate.to}-${rate.date}`;
  return {
    kind: 'fx-rate',
    nativeId: key,
    fingerprint: rate.rate,
    event: {
      specversion: '1.0',
      id: `tryton-fx-${key}-${version(fromRow)}-${version(toRow)}`,
      source: system,
      type: eventCatalog.FxRatePublished.type,
      subject: `fx-rate:${system}:${key}`,
      time: later(changedAt(fromRow), changedAt(toRow)),
      datacontenttype: 'application/json',
      data: {
        from: rate.from,
        to: rate.to,
        effectiveFrom: rate.date,
        rate: rate.rate,
        source: FX_SOURCE,
      },
    },
  };
}
