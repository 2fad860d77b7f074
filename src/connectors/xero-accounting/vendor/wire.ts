import { SourcePayloadError } from '../../kit/source-errors.ts';

// Xero Accounting's JSON as this connector reads it (numbers arrive as decimal strings, see
// kit/decimal-json.ts). Parsed and checked here, at the edge; nothing of it leaves the folder.

export interface XeroContact {
  readonly ContactID: string;
  readonly Name: string;
  readonly ContactNumber: string | undefined;
}

export interface XeroLine {
  readonly LineItemID: string | undefined;
  readonly Description: string;
  readonly Quantity: string;
  readonly UnitAmount: string;
  readonly LineAmount: string;
  readonly TaxAmount: string;
  readonly TaxType: string | undefined;
  readonly AccountCode: string | undefined;
}

export interface XeroInvoice {
  readonly InvoiceID: string;
  readonly InvoiceNumber: string | undefined;
  readonly Type: string;
  readonly Status: string;
  readonly Reference: string | undefined;
  readonly ContactID: string;
  readonly ContactNumber: string | undefined;
  readonly CurrencyCode: string;
  /** YYYY-MM-DD */
  readonly Date: string | undefined;
  readonly DueDate: string | undefined;
  readonly LineItems: readonly XeroLine[];
  readonly SubTotal: string;
  readonly TotalTax: string;
  readonly Total: string;
  readonly AmountPaid: string;
  /** Milliseconds since the epoch, for ordering and event ids. */
  readonly updatedMs: number;
}

export interface XeroPayment {
  readonly PaymentID: string;
  readonly Date: string;
  readonly Amount: string;
  readonly Reference: string | undefined;
  readonly Status: string;
  readonly PaymentType: string | undefined;
  readonly InvoiceID: string;
  readonly CurrencyCode: string | undefined;
  readonly updatedMs: number;
}

/** The answer was not what the Xero API documents. */
export class XeroPayloadError extends SourcePayloadError {
  constructor(message: string) {
    super(message);
    this.name = 'XeroPayloadError';
  }
}

type Obj = Readonly<Record<string, unknown>>;

function obj(value: unknown, what: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new XeroPayloadError(`${what} is not an object`);
  return value as Obj;
}

function str(o: Obj, key: string, what: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') throw new XeroPayloadError(`${what}.${key} is missing`);
  return v;
}

function optStr(o: Obj, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

function dec(o: Obj, key: string, what: string, fallback?: string): string {
  const v = o[key] ?? fallback;
  if (typeof v !== 'string' || !DECIMAL.test(v)) throw new XeroPayloadError(`${what}.${key} is not a number`);
  return v;
}

/** Xero writes dates as "/Date(1511827200000+0000)/" (and sometimes ISO); answers milliseconds. */
export function xeroMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(value);
  if (ms) return Number(ms[1]);
  const parsed = Date.parse(/Z|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function day(o: Obj, key: string): string | undefined {
  const ms = xeroMs(o[`${key}String`] ?? o[key]);
  return ms === undefined ? undefined : new Date(ms).toISOString().slice(0, 10);
}

function list(body: unknown, key: string): readonly unknown[] {
  const v = obj(body, 'the answer')[key];
  if (!Array.isArray(v)) throw new XeroPayloadError(`the answer has no ${key} array`);
  return v;
}

export function parseContacts(body: unknown): XeroContact[] {
  return list(body, 'Contacts').map((raw, i) => {
    const c = obj(raw, `Contacts[${i}]`);
    return {
      ContactID: str(c, 'ContactID', `Contacts[${i}]`),
      Name: str(c, 'Name', `Contacts[${i}]`),
      ContactNumber: optStr(c, 'ContactNumber'),
    };
  });
}

function parseLine(raw: unknown, what: string): XeroLine {
  const l = obj(raw, what);
  return {
    LineItemID: optStr(l, 'LineItemID'),
    Description: optStr(l, 'Description') ?? '',
    Quantity: dec(l, 'Quantity', what, '1'),
    UnitAmount: dec(l, 'UnitAmount', what, '0'),
    LineAmount: dec(l, 'LineAmount', what, '0'),
    TaxAmount: dec(l, 'TaxAmount', what, '0'),
    TaxType: optStr(l, 'TaxType'),
    AccountCode: optStr(l, 'AccountCode'),
  };
}

export function parseInvoices(body: unknown): XeroInvoice[] {
  return list(body, 'Invoices').map((raw, i) => {
    const what = `Invoices[${i}]`;
    const inv = obj(raw, what);
    const contact = obj(inv['Contact'], `${what}.Contact`);
    const lines = inv['LineItems'];
    return {
      InvoiceID: str(inv, 'InvoiceID', what),
      InvoiceNumber: optStr(inv, 'InvoiceNumber'),
      Type: str(inv, 'Type', what),
      Status: str(inv, 'Status', what),
      Reference: optStr(inv, 'Reference'),
      ContactID: str(contact, 'ContactID', `${what}.Contact`),
      ContactNumber: optStr(contact, 'ContactNumber'),
      CurrencyCode: str(inv, 'CurrencyCode', what),
      Date: day(inv, 'Date'),
      DueDate: day(inv, 'DueDate'),
      LineItems: Array.isArray(lines) ? lines.map((l, j) => parseLine(l, `${what}.LineItems[${j}]`)) : [],
      SubTotal: dec(inv, 'SubTotal', what, '0'),
      TotalTax: dec(inv, 'TotalTax', what, '0'),
      Total: dec(inv, 'Total', what, '0'),
      AmountPaid: dec(inv, 'AmountPaid', what, '0'),
      updatedMs: xeroMs(inv['UpdatedDateUTC']) ?? 0,
    };
  });
}

export function parsePayments(body: unknown): XeroPayment[] {
  return list(body, 'Payments').map((raw, i) => {
    const what = `Payments[${i}]`;
    const p = obj(raw, what);
    const invoice = obj(p['Invoice'], `${what}.Invoice`);
    const date = day(p, 'Date');
    if (date === undefined) throw new XeroPayloadError(`${what}.Date is missing`);
    return {
      PaymentID: str(p, 'PaymentID', what),
      Date: date,
      Amount: dec(p, 'Amount', what),
      Reference: optStr(p, 'Reference'),
      Status: str(p, 'Status', what),
      PaymentType: optStr(p, 'PaymentType'),
      InvoiceID: str(invoice, 'InvoiceID', `${what}.Invoice`),
      CurrencyCode: optStr(invoice, 'CurrencyCode'),
      updatedMs: xeroMs(p['UpdatedDateUTC']) ?? 0,
    };
  });
}
