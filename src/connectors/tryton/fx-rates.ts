// Tryton's currency rates (`currency.currency.rate`) as rates INTO the company currency. A rate of C into
// the company currency K changes whenever C's or K's rate changes, so each date on which either has a rate
// record (once both have one in force) is a published rate: rate(K) / rate(C) on that date (cross-rate.ts).
// Rates hold for every company of the database (Tryton keeps them per currency, not per company).
import { fromDate, fromDecimal } from './codec.ts';
import { crossRate } from './cross-rate.ts';
import { fxFact, type ReferenceFact } from './map-reference.ts';
import { CurrencyRow, RateRow, rows } from './records.ts';
import type { Books } from './setup.ts';

export const RATE_FIELDS = ['currency', 'date', 'rate', 'write_date', 'create_date'];

interface DatedRate {
  readonly date: string;
  readonly row: RateRow;
}

/** The record in force on `date`: the latest dated on or before it (Tryton's own rule). */
function inForce(rates: readonly DatedRate[], date: string): DatedRate | undefined {
  let found: DatedRate | undefined;
  for (const rate of rates) {
    if (rate.date > date) break;
    found = rate;
  }
  return found;
}

export async function readFxFacts(books: Books, report: (message: string) => void): Promise<ReferenceFact[]> {
  const currencies = await books.rpc.modelChecked(
    rows(CurrencyRow),
    'currency.currency',
    'search_read',
    [],
    0,
    null,
    [['code', 'ASC']],
    ['code'],
  );
  const rates = await books.rpc.modelChecked(
    rows(RateRow),
    'currency.currency.rate',
    'search_read',
    [],
    0,
    null,
    [
      ['date', 'ASC'],
      ['id', 'ASC'],
    ],
    RATE_FIELDS,
  );
  const byCurrency = new Map<number, DatedRate[]>();
  for (const row of rates) {
    const list = byCurrency.get(row.currency) ?? [];
    list.push({ date: fromDate(row.date), row });
    byCurrency.set(row.currency, list);
  }
  const company = byCurrency.get(books.currencyId) ?? [];
  const facts: ReferenceFact[] = [];
  for (const currency of currencies) {
    const own = byCurrency.get(currency.id);
    if (currency.id === books.currencyId || own === undefined) continue;
    if (company.length === 0) {
      report(`${currency.code} has rates but ${books.currency}, the company currency, has none to divide by`);
      continue;
    }
    const dates = [...new Set([...own, ...company].map((r) => r.date))].sort();
    for (const date of dates) {
      const from = inForce(own, date);
      const to = inForce(company, date);
      if (from === undefined || to === undefined) continue; // not both in force yet
      const rate = crossRate(fromDecimal(to.row.rate), fromDecimal(from.row.rate));
      if (rate === undefined) {
        report(`${currency.code} -> ${books.currency} on ${date} has no usable rate (a rate of 0)`);
        continue;
      }
      facts.push(
        fxFact(books.system, { from: currency.code, to: books.currency, date, rate }, from.row, to.row),
      );
    }
  }
  return facts;
}
