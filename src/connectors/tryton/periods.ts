// The company's accounting periods (`account.period`). Ledgerline's periods are calendar months, so only
// standard periods running from the first to the last day of one month are mapped (YYYY-MM); Tryton's
// states 'close' and 'locked' both mean closed. Adjustment periods (a year-end 13th period) are not
// months and are left out; a standard period that is not a whole month is reported and skipped.
import { fromDate, toDate } from './codec.ts';
import { periodFact, type ReferenceFact } from './map-reference.ts';
import { PeriodRow, rows } from './records.ts';
import { TrytonCallError } from './rpc-failure.ts';
import type { Books } from './setup.ts';

const PERIOD_FIELDS = ['name', 'start_date', 'end_date', 'state', 'write_date', 'create_date'];

function lastDayOf(month: string): string {
  const [year = 0, mon = 0] = month.split('-').map(Number);
  // Day 0 of the next month is the last day of this one (UTC, no time zone involved).
  return `${month}-${String(new Date(Date.UTC(year, mon, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** The month a period is, or undefined when it does not run from the 1st to the last day of one month. */
export function monthOf(period: PeriodRow): string | undefined {
  const start = fromDate(period.start_date);
  const month = start.slice(0, 7);
  return start.endsWith('-01') && fromDate(period.end_date) === lastDayOf(month) ? month : undefined;
}

export function statusOf(state: string): 'open' | 'closed' | undefined {
  if (state === 'open') return 'open';
  return state === 'close' || state === 'locked' ? 'closed' : undefined;
}

export const periodDomain = (books: Books): unknown[] => [
  ['company', '=', books.company],
  ['type', '=', 'standard'],
];

export async function readPeriodFacts(
  books: Books,
  report: (message: string) => void,
): Promise<ReferenceFact[]> {
  const periods = await books.rpc.modelChecked(
    rows(PeriodRow),
    'account.period',
    'search_read',
    periodDomain(books),
    0,
    null,
    [
      ['start_date', 'ASC'],
      ['id', 'ASC'],
    ],
    PERIOD_FIELDS,
  );
  const facts: ReferenceFact[] = [];
  for (const period of periods) {
    const month = monthOf(period);
    const status = statusOf(period.state);
    if (month === undefined || status === undefined) {
      report(
        `period ${period.id} "${period.name}" (${fromDate(period.start_date)} to ${fromDate(period.end_date)}, ${period.state}) is not an open or closed calendar month`,
      );
      continue;
    }
    facts.push(periodFact(books.system, books.legalEntityId, month, status, period));
  }
  return facts;
}

/** The company's standard periods Tryton holds as closed or locked that cover any of these dates. */
export async function closedPeriodsOn(books: Books, dates: readonly string[]): Promise<PeriodRow[]> {
  if (dates.length === 0) return [];
  const sorted = [...dates].sort();
  return books.rpc.modelChecked(
    rows(PeriodRow),
    'account.period',
    'search_read',
    [
      ...periodDomain(books),
      ['state', '!=', 'open'],
      ['start_date', '<=', toDate(sorted.at(-1) ?? '')],
      ['end_date', '>=', toDate(sorted[0] ?? '')],
    ],
    0,
    null,
    [['start_date', 'ASC']],
    PERIOD_FIELDS,
  );
}

// Tryton 6.0 refuses to post into a closed period with the message it uses for a missing one (it looks
// for an open period of the date); the date comes in the session language's format ('en': 12/31/2026).
const NO_OPEN_PERIOD = /you must create a period for the date "([0-9]{2})\/([0-9]{2})\/([0-9]{4})"/;

/**
 * `error` as `period_closed` when it is Tryton's "no open period" refusal and Tryton holds a closed or
 * locked period on that date; anything else is answered unchanged.
 */
export async function asPeriodClosed(books: Books, error: unknown): Promise<unknown> {
  if (!(error instanceof TrytonCallError) || error.failure.retryable) return error;
  const match = NO_OPEN_PERIOD.exec(error.failure.message);
  if (match === null) return error;
  const date = `${match[3] ?? ''}-${match[1] ?? ''}-${match[2] ?? ''}`;
  const [period] = await closedPeriodsOn(books, [date]);
  if (period === undefined) return error;
  return new TrytonCallError({
    retryable: false,
    reasonCode: 'period_closed',
    message: `${error.failure.message} (Tryton period "${period.name}" of ${date} is ${period.state === 'locked' ? 'locked' : 'closed'})`,
  });
}
