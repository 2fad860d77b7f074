// A record held for the whole run costs one short string, not an object with a dozen properties: the
// engine keeps a million per side (ADR 12). Fields are joined by US (\x1f), records of one key by RS
// (\x1e). Type and ref are the key and entity, project and currency are the record's group (groups.ts),
// so none of them is repeated per record. The date comes first, so sorting packed strings orders records
// by date, then booked period, then the rest: a total order, which keeps reports independent of input
// order.
import type { Group } from './groups.ts';
import type { ReconRecord, TransactionType } from './record.ts';

export const FIELD = '\x1f';
export const RECORD = '\x1e';
/** Starts a record that is its counterpart's first record on the other side but for its id. */
export const SAME = '=';

/** Field positions in a packed record. */
export const Field = {
  date: 0,
  period: 1,
  group: 2,
  hours: 3,
  amount: 4,
  functionalAmount: 5,
  functionalCurrency: 6,
  flags: 7,
  id: 8,
} as const;
export type FieldIndex = (typeof Field)[keyof typeof Field];

const typeCodes: Readonly<Record<TransactionType, string>> = {
  'billable-time': 'b',
  cost: 'c',
  expense: 'e',
  'milestone-billing': 'm',
  invoice: 'i',
  payment: 'p',
};
const typesByCode = new Map(Object.entries(typeCodes).map(([type, code]) => [code, type as TransactionType]));

/**
 * The key of a record: its type as one character, then its ref. Joined, not concatenated: a `+` would
 * make a ConsString that keeps the ref alive, and the ref may be a slice of a whole input line.
 */
export function keyOf(type: TransactionType, ref: string): string {
  return [typeCodes[type], ref].join('');
}

export function typeOfKey(key: string): TransactionType {
  const type = typesByCode.get(key.charAt(0));
  if (type === undefined) throw new RangeError(`not a reconciliation key: ${JSON.stringify(key)}`);
  return type;
}

export function refOfKey(key: string): string {
  return key.slice(1);
}

function holdsSeparator(value: string): boolean {
  return value.includes(FIELD) || value.includes(RECORD);
}

/** Throws when a free-text field holds a separator (it would split the record or merge two groups). */
export function assertPackable(record: ReconRecord): void {
  if (
    holdsSeparator(record.ref) ||
    holdsSeparator(record.entity) ||
    holdsSeparator(record.project) ||
    holdsSeparator(record.currency) ||
    (record.id !== undefined && holdsSeparator(record.id))
  )
    throw new RangeError(`record ${JSON.stringify(record.ref)} holds a control character (\\x1e or \\x1f)`);
}

/**
 * A copy of `s` that keeps no larger string alive: a field sliced out of a read buffer is a view of the
 * whole buffer. (Concatenating flattens into a new string; the slice then only views that copy.)
 */
export function detach(s: string): string {
  return (' ' + s).slice(1);
}

/** Everything but the id: what two sides' records must share to be the same record. */
export function packBody(r: ReconRecord, group: Group): string {
  const flags = (r.reversal === true ? 'r' : '') + (r.amountUnknown === true ? 'u' : '');
  // join, not +: concatenation would keep a tree of a dozen ConsStrings per record alive.
  return [
    r.date,
    r.period ?? '',
    group.tag,
    r.hours ?? '',
    r.amount,
    r.functional?.amount ?? '',
    r.functional?.currency ?? '',
    flags,
  ].join(FIELD);
}

export function packWithId(body: string, id: string | undefined): string {
  return [body, id ?? ''].join(FIELD);
}

/** A side's packed text holds exactly one record (no marker). */
export function isSingle(packed: string): boolean {
  return packed.charAt(0) !== SAME && !packed.includes(RECORD);
}

/** `packed` is a single record whose body is `body`. */
export function hasBody(packed: string, body: string): boolean {
  return (
    packed.length > body.length &&
    packed.charCodeAt(body.length) === 0x1f &&
    packed.startsWith(body) &&
    !packed.includes(FIELD, body.length + 1) &&
    !packed.includes(RECORD)
  );
}

/** The record's booked period, read off a packed record without splitting it. */
export function bookedPeriodOf(packed: string): string {
  // The date is 10 characters; an empty period field follows it as a second separator.
  return packed.charCodeAt(11) === 0x1f ? packed.slice(0, 7) : packed.slice(11, 18);
}

/** The records of one side, markers resolved against the first record of the other side. */
export function recordsOf(packed: string, other: string | undefined): string[] {
  const records = packed.split(RECORD);
  if (!packed.includes(SAME)) return records;
  const counterpart = other?.split(RECORD, 1)[0] ?? '';
  const body = counterpart.slice(0, counterpart.lastIndexOf(FIELD));
  return records.map((r) => (r.charAt(0) === SAME ? packWithId(body, r.slice(1)) : r));
}

export function unpack(
  type: TransactionType,
  ref: string,
  fields: readonly string[],
  group: Group,
): ReconRecord {
  const at = (i: FieldIndex): string => fields[i] ?? '';
  const flags = at(Field.flags);
  return {
    type,
    ref,
    entity: group.entity,
    project: group.project,
    date: at(Field.date),
    ...(at(Field.period) === '' ? {} : { period: at(Field.period) }),
    ...(at(Field.hours) === '' ? {} : { hours: at(Field.hours) }),
    amount: at(Field.amount),
    currency: group.currency,
    ...(at(Field.functionalCurrency) === ''
      ? {}
      : { functional: { amount: at(Field.functionalAmount), currency: at(Field.functionalCurrency) } }),
    ...(flags.includes('r') ? { reversal: true } : {}),
    ...(at(Field.id) === '' ? {} : { id: at(Field.id) }),
    ...(flags.includes('u') ? { amountUnknown: true } : {}),
  };
}
