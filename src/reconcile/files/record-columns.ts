// The columns of a record file (CSV header, JSONL keys) and the checks each value passes on the way in.
// A value that fails names the column and shows the form it should take: the operator fixes the file.
import { currencyExponent } from '../../domain/money.ts';
import { transactionTypes, type ReconRecord, type TransactionType } from '../record.ts';

export const recordColumns = [
  'type',
  'ref',
  'entity',
  'project',
  'date',
  'period',
  'hours',
  'amount',
  'currency',
  'functional_amount',
  'functional_currency',
  'reversal',
  'id',
] as const;
export type RecordColumn = (typeof recordColumns)[number];

/** Columns a reconciliation report adds in front of its records (`--format csv`); ignored when read. */
export const reportColumns = ['class', 'side'] as const;

/** The separators the engine packs records with (packed-record.ts): no value may hold them. */
export function holdsSeparator(line: string): boolean {
  return line.includes('\x1f') || line.includes('\x1e');
}
const DECIMAL = /^-?[0-9]+(?:\.[0-9]+)?$/;
const DATE = /^([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
const PERIOD = /^[0-9]{4}-(0[1-9]|1[0-2])$/;
const types = new Set<string>(transactionTypes);
const knownCurrencies = new Set<string>();

/** The problem with a value, or undefined: checks that answer a message instead of throwing. */
export class ValueProblem {
  constructor(readonly message: string) {}
}

function problem(message: string): ValueProblem {
  return new ValueProblem(message);
}

function realDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  // Days 29 to 31 exist in some months only.
  if (value.charCodeAt(8) < 0x33 && value.slice(8) <= '28') return true;
  const last = new Date(Date.UTC(Number(value.slice(0, 4)), Number(value.slice(5, 7)), 0)).getUTCDate();
  return Number(value.slice(8)) <= last;
}

function currency(value: string, column: string): string | ValueProblem {
  if (knownCurrencies.has(value)) return value;
  try {
    currencyExponent(value);
  } catch {
    return problem(`${column} "${value}" is not an ISO 4217 currency code (write e.g. EUR, GBP, USD)`);
  }
  knownCurrencies.add(value);
  return value;
}

function decimal(value: string, column: string): ValueProblem | undefined {
  return DECIMAL.test(value)
    ? undefined
    : problem(
        `${column} "${value}" is not a decimal (write it with a point and no separators, e.g. 1234.50)`,
      );
}

/** Positions of the columns in `recordColumns` (and in the values `recordOf` takes). */
const at = Object.fromEntries(recordColumns.map((c, i) => [c, i])) as Readonly<Record<RecordColumn, number>>;

/** A record under construction: optional fields are set only when present (exactOptionalPropertyTypes). */
type Building = { -readonly [K in keyof ReconRecord]: ReconRecord[K] };

/**
 * Builds a record from its values as text, in `recordColumns` order ('' for an empty or absent column).
 * Answers a ValueProblem instead of throwing, so the reader can add the line number. Called once per line
 * of a million-line file: no closures, no object spreads.
 */
export function recordOf(values: readonly string[]): ReconRecord | ValueProblem {
  const type = values[at.type] ?? '';
  if (!types.has(type)) return problem(`type "${type}" is not one of ${transactionTypes.join(', ')}`);
  const ref = values[at.ref] ?? '';
  if (ref === '') return problem('ref is empty: every record needs the reference both sides share');
  const entity = values[at.entity] ?? '';
  if (entity === '') return problem('entity is empty: name the legal entity, e.g. LL-UK');
  const date = values[at.date] ?? '';
  if (!realDate(date)) return problem(`date "${date}" is not a calendar date YYYY-MM-DD`);
  const period = values[at.period] ?? '';
  if (period !== '' && !PERIOD.test(period))
    return problem(`period "${period}" is not a month YYYY-MM (leave it empty when it is the month of date)`);
  const hours = values[at.hours] ?? '';
  const hoursProblem = hours === '' ? undefined : decimal(hours, 'hours');
  if (hoursProblem) return hoursProblem;
  const amount = values[at.amount] ?? '';
  const amountProblem = amount === '' ? undefined : decimal(amount, 'amount');
  if (amountProblem) return amountProblem;
  const code = currency(values[at.currency] ?? '', 'currency');
  if (code instanceof ValueProblem) return code;
  const functionalAmount = values[at.functional_amount] ?? '';
  const functionalCurrency = values[at.functional_currency] ?? '';
  if ((functionalAmount === '') !== (functionalCurrency === ''))
    return problem('functional_amount and functional_currency go together: give both or neither');
  const reversal = values[at.reversal] ?? '';
  if (reversal !== '' && reversal !== 'true' && reversal !== 'false')
    return problem(`reversal "${reversal}" must be true, false or empty`);
  // An empty amount is an unknown one (a system that does not price), never a zero.
  const record: Building = {
    type: type as TransactionType,
    ref,
    entity,
    project: values[at.project] ?? '',
    date,
    amount: amount === '' ? '0' : amount,
    currency: code,
  };
  if (period !== '') record.period = period;
  if (hours !== '') record.hours = hours;
  if (functionalAmount !== '') {
    const p = decimal(functionalAmount, 'functional_amount');
    if (p) return p;
    const c = currency(functionalCurrency, 'functional_currency');
    if (c instanceof ValueProblem) return c;
    record.functional = { amount: functionalAmount, currency: c };
  }
  if (reversal === 'true') record.reversal = true;
  const id = values[at.id] ?? '';
  if (id !== '') record.id = id;
  if (amount === '') record.amountUnknown = true;
  return record;
}
