// Xero Projects' JSON as this connector reads it (numbers as decimal strings, kit/decimal-json.ts).
import { SourcePayloadError } from '../../kit/source-errors.ts';

export class XeroProjectsPayloadError extends SourcePayloadError {
  constructor(message: string) {
    super(message);
    this.name = 'XeroProjectsPayloadError';
  }
}

type Obj = Readonly<Record<string, unknown>>;

function obj(value: unknown, what: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new XeroProjectsPayloadError(`${what} is not an object`);
  return value as Obj;
}

function str(o: Obj, key: string, what: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') throw new XeroProjectsPayloadError(`${what}.${key} is missing`);
  return v;
}

const opt = (o: Obj, key: string): string | undefined => {
  const v = o[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

export interface ItemsPage<T> {
  readonly items: readonly T[];
  readonly pageCount: number;
}

export function items<T>(body: unknown, parse: (o: Obj, what: string) => T): ItemsPage<T> {
  const b = obj(body, 'the answer');
  const list = b['items'];
  if (!Array.isArray(list)) throw new XeroProjectsPayloadError('the answer has no items array');
  const pagination = b['pagination'] === undefined ? {} : obj(b['pagination'], 'pagination');
  const count = Number(pagination['pageCount'] ?? '1');
  return {
    items: list.map((r, i) => parse(obj(r, `items[${i}]`), `items[${i}]`)),
    pageCount: Number.isInteger(count) && count >= 1 ? count : 1,
  };
}

export interface XeroProjectUser {
  readonly userId: string;
  readonly name: string;
}

export const parseUser = (o: Obj, what: string): XeroProjectUser => ({
  userId: str(o, 'userId', what),
  name: opt(o, 'name') ?? str(o, 'userId', what),
});

export interface XeroProject {
  readonly projectId: string;
  readonly contactId: string;
  readonly name: string;
  readonly currencyCode: string;
  readonly status: string;
}

export const parseProject = (o: Obj, what: string): XeroProject => ({
  projectId: str(o, 'projectId', what),
  contactId: str(o, 'contactId', what),
  name: str(o, 'name', what),
  currencyCode: str(o, 'currencyCode', what),
  status: str(o, 'status', what),
});

export interface XeroTask {
  readonly taskId: string;
  readonly name: string;
  readonly rate: { readonly currency: string; readonly value: string } | undefined;
  readonly chargeType: string;
}

export function parseTask(o: Obj, what: string): XeroTask {
  const rate = o['rate'] === undefined ? undefined : obj(o['rate'], `${what}.rate`);
  const value = rate?.['value'];
  const currency = rate?.['currency'];
  return {
    taskId: str(o, 'taskId', what),
    name: str(o, 'name', what),
    rate: typeof value === 'string' && typeof currency === 'string' ? { currency, value } : undefined,
    chargeType: opt(o, 'chargeType') ?? 'TIME',
  };
}

export interface XeroTimeEntry {
  readonly timeEntryId: string;
  readonly userId: string;
  readonly projectId: string;
  readonly taskId: string;
  /** YYYY-MM-DD of dateUtc. */
  readonly date: string;
  readonly dateEnteredUtc: string;
  readonly minutes: number;
  readonly description: string | undefined;
  readonly status: string;
}

export function parseTimeEntry(o: Obj, what: string): XeroTimeEntry {
  const minutes = Number(str(o, 'duration', what));
  if (!Number.isInteger(minutes) || minutes < 0)
    throw new XeroProjectsPayloadError(`${what}.duration is not minutes`);
  return {
    timeEntryId: str(o, 'timeEntryId', what),
    userId: str(o, 'userId', what),
    projectId: str(o, 'projectId', what),
    taskId: str(o, 'taskId', what),
    date: str(o, 'dateUtc', what).slice(0, 10),
    dateEnteredUtc: str(o, 'dateEnteredUtc', what),
    minutes,
    description: opt(o, 'description'),
    status: str(o, 'status', what),
  };
}
