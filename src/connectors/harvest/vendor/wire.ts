// Harvest API v2's JSON as this connector reads it (numbers arrive as decimal strings, ids too; see
// kit/decimal-json.ts). Parsed and checked here, at the edge; nothing of it leaves the folder.
import { SourcePayloadError } from '../../kit/source-errors.ts';

export class HarvestPayloadError extends SourcePayloadError {
  constructor(message: string) {
    super(message);
    this.name = 'HarvestPayloadError';
  }
}

type Obj = Readonly<Record<string, unknown>>;

function obj(value: unknown, what: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new HarvestPayloadError(`${what} is not an object`);
  return value as Obj;
}

function str(o: Obj, key: string, what: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') throw new HarvestPayloadError(`${what}.${key} is missing`);
  return v;
}

function optStr(o: Obj, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function bool(o: Obj, key: string): boolean {
  return o[key] === true;
}

function ref(
  o: Obj,
  key: string,
  what: string,
): { id: string; name: string | undefined; currency: string | undefined } {
  const r = obj(o[key], `${what}.${key}`);
  return { id: str(r, 'id', `${what}.${key}`), name: optStr(r, 'name'), currency: optStr(r, 'currency') };
}

export interface HarvestPage<T> {
  readonly records: readonly T[];
  /** Harvest's `next_page` (null on the last page). */
  readonly nextPage: number | undefined;
}

export function page<T>(body: unknown, key: string, parse: (o: Obj, what: string) => T): HarvestPage<T> {
  const b = obj(body, 'the answer');
  const list = b[key];
  if (!Array.isArray(list)) throw new HarvestPayloadError(`the answer has no ${key} array`);
  const next = b['next_page'];
  return {
    records: list.map((r, i) => parse(obj(r, `${key}[${i}]`), `${key}[${i}]`)),
    nextPage: typeof next === 'string' && /^\d+$/.test(next) ? Number(next) : undefined,
  };
}

export interface HarvestUser {
  readonly id: string;
  readonly name: string;
  readonly costRate: string | undefined;
  readonly roles: readonly string[];
  readonly updatedAt: string;
}

export function parseUser(o: Obj, what: string): HarvestUser {
  const roles = Array.isArray(o['roles']) ? o['roles'].filter((r): r is string => typeof r === 'string') : [];
  return {
    id: str(o, 'id', what),
    name: `${optStr(o, 'first_name') ?? ''} ${optStr(o, 'last_name') ?? ''}`.trim() || str(o, 'id', what),
    costRate: optStr(o, 'cost_rate'),
    roles,
    updatedAt: str(o, 'updated_at', what),
  };
}

export interface HarvestProject {
  readonly id: string;
  readonly name: string;
  readonly code: string | undefined;
  readonly clientId: string;
  readonly clientName: string | undefined;
  readonly clientCurrency: string | undefined;
  readonly isActive: boolean;
  readonly isBillable: boolean;
  readonly isFixedFee: boolean;
  readonly updatedAt: string;
}

export function parseProject(o: Obj, what: string): HarvestProject {
  const client = ref(o, 'client', what);
  return {
    id: str(o, 'id', what),
    name: str(o, 'name', what),
    code: optStr(o, 'code'),
    clientId: client.id,
    clientName: client.name,
    clientCurrency: client.currency,
    isActive: bool(o, 'is_active'),
    isBillable: bool(o, 'is_billable'),
    isFixedFee: bool(o, 'is_fixed_fee'),
    updatedAt: str(o, 'updated_at', what),
  };
}

export interface HarvestTimeEntry {
  readonly id: string;
  readonly spentDate: string;
  readonly userId: string;
  readonly projectId: string;
  readonly hours: string;
  readonly notes: string | undefined;
  /** Approved through Harvest's timesheet approval. */
  readonly isClosed: boolean;
  readonly billable: boolean;
  readonly billableRate: string | undefined;
  readonly updatedAt: string;
}

export function parseTimeEntry(o: Obj, what: string): HarvestTimeEntry {
  return {
    id: str(o, 'id', what),
    spentDate: str(o, 'spent_date', what),
    userId: ref(o, 'user', what).id,
    projectId: ref(o, 'project', what).id,
    hours: str(o, 'hours', what),
    notes: optStr(o, 'notes'),
    isClosed: bool(o, 'is_closed'),
    billable: bool(o, 'billable'),
    billableRate: optStr(o, 'billable_rate'),
    updatedAt: str(o, 'updated_at', what),
  };
}

export interface HarvestExpense {
  readonly id: string;
  readonly spentDate: string;
  readonly userId: string;
  readonly projectId: string;
  readonly category: string;
  readonly totalCost: string;
  readonly notes: string | undefined;
  readonly billable: boolean;
  readonly isClosed: boolean;
  readonly clientCurrency: string | undefined;
  readonly updatedAt: string;
}

export function parseExpense(o: Obj, what: string): HarvestExpense {
  return {
    id: str(o, 'id', what),
    spentDate: str(o, 'spent_date', what),
    userId: ref(o, 'user', what).id,
    projectId: ref(o, 'project', what).id,
    category: ref(o, 'expense_category', what).name ?? 'other',
    totalCost: str(o, 'total_cost', what),
    notes: optStr(o, 'notes'),
    billable: bool(o, 'billable'),
    isClosed: bool(o, 'is_closed'),
    clientCurrency: o['client'] ? ref(o, 'client', what).currency : undefined,
    updatedAt: str(o, 'updated_at', what),
  };
}

export interface HarvestInvoice {
  readonly id: string;
  readonly number: string | undefined;
}

export function parseInvoice(o: Obj, what: string): HarvestInvoice {
  return { id: str(o, 'id', what), number: optStr(o, 'number') };
}

export interface HarvestPayment {
  readonly id: string;
  readonly notes: string | undefined;
}

export function parsePayment(o: Obj, what: string): HarvestPayment {
  return { id: str(o, 'id', what), notes: optStr(o, 'notes') };
}
