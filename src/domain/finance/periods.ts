// Accounting periods are calendar months. A legal entity's book lists the months its ERP has closed; any
// other month is open. The policy for a posting dated in a closed month is the entity's to choose.
import type { AccountingPeriod } from '../../contracts/index.ts';

export type PeriodClosePolicy = 'hold' | 'next-open' | 'reject';
export const periodClosePolicies: readonly PeriodClosePolicy[] = ['hold', 'next-open', 'reject'];

export interface PeriodBook {
  readonly legalEntityId: string;
  /** Closed months, YYYY-MM, sorted. */
  readonly closed: readonly string[];
}

export function periodOf(date: string): string {
  return date.slice(0, 7);
}

export function withPeriodStatus(book: PeriodBook | undefined, change: AccountingPeriod): PeriodBook {
  const closed = new Set(book?.closed ?? []);
  if (change.status === 'closed') closed.add(change.period);
  else closed.delete(change.period);
  return { legalEntityId: change.legalEntityId, closed: [...closed].sort() };
}

function nextPeriod(period: string): string {
  const year = Number(period.slice(0, 4));
  const month = Number(period.slice(5, 7));
  return month === 12 ? `${String(year + 1)}-01` : `${String(year)}-${String(month + 1).padStart(2, '0')}`;
}

export type PostingDate =
  /** Book on `postingDate`; the transaction's own date is kept beside it. */
  | { readonly kind: 'post'; readonly postingDate: string; readonly rolledFrom?: string }
  | { readonly kind: 'hold'; readonly period: string }
  | { readonly kind: 'reject'; readonly period: string };

/**
 * Where a transaction dated `date` is booked. In an open month: on its date. In a closed one, by policy:
 * wait for the month to reopen, book on the first day of the first open month after it, or refuse.
 */
export function postingDateFor(
  date: string,
  book: PeriodBook | undefined,
  policy: PeriodClosePolicy,
): PostingDate {
  const period = periodOf(date);
  // A handful of closed months at most: a list is cheaper than a set on this path (every posting).
  const closed = book?.closed ?? [];
  if (!closed.includes(period)) return { kind: 'post', postingDate: date };
  if (policy === 'hold') return { kind: 'hold', period };
  if (policy === 'reject') return { kind: 'reject', period };
  let open = nextPeriod(period);
  while (closed.includes(open)) open = nextPeriod(open);
  return { kind: 'post', postingDate: `${open}-01`, rolledFrom: period };
}
