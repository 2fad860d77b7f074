// Shape checks of operation bodies at the ERP's edge. Unknown fields are refused so that a connector
// bug (a misspelt field) shows up as a rejection instead of silently losing data.
import { billingMethods } from './wire.ts';
import type { BillingLineBody, BillingMethod, CostPostingBody, ProjectBody } from './wire.ts';
import type { Checked } from './checked.ts';
import { isAmount, isCurrency, isQuantity } from './decimal-rules.ts';

class InvalidField extends Error {}

const DATE = /^([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0));
}

class Reader {
  constructor(private readonly record: Record<string, unknown>) {}

  text(field: string, min: number, max: number): string {
    const value = this.record[field];
    if (typeof value !== 'string') throw new InvalidField(`${field} must be a string`);
    if (value.length < min || value.length > max)
      throw new InvalidField(`${field} must be ${min} to ${max} characters`);
    return value;
  }

  optionalText(field: string, max: number): string | undefined {
    return this.record[field] === undefined ? undefined : this.text(field, 1, max);
  }

  matching(field: string, test: (value: string) => boolean, expected: string): string {
    const value = this.text(field, 1, 64);
    if (!test(value)) throw new InvalidField(`${field} must be ${expected}, got "${value}"`);
    return value;
  }

  onlyKnown(known: readonly string[]): void {
    for (const key of Object.keys(this.record))
      if (!known.includes(key)) throw new InvalidField(`unknown field "${key}"`);
  }
}

function check<T>(body: unknown, known: readonly string[], read: (r: Reader) => T): Checked<T> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return { ok: false, error: { code: 'validation_failed', message: 'body must be a JSON object' } };
  const reader = new Reader(body as Record<string, unknown>);
  try {
    reader.onlyKnown(known);
    return { ok: true, value: read(reader) };
  } catch (e) {
    if (e instanceof InvalidField)
      return { ok: false, error: { code: 'validation_failed', message: e.message } };
    throw e;
  }
}

const PROJECT_FIELDS = ['code', 'name', 'company', 'currency', 'tax_code', 'billing_method', 'customer_ref'];

export function checkProjectBody(body: unknown): Checked<ProjectBody> {
  return check(body, PROJECT_FIELDS, (r) => {
    const customerRef = r.optionalText('customer_ref', 200);
    return {
      code: r.text('code', 1, 64),
      name: r.text('name', 1, 200),
      company: r.text('company', 1, 64),
      currency: r.matching('currency', isCurrency, 'an ISO 4217 currency code'),
      tax_code: r.text('tax_code', 1, 64),
      billing_method: r.matching(
        'billing_method',
        (v) => (billingMethods as readonly string[]).includes(v),
        billingMethods.join(' | '),
      ) as BillingMethod,
      ...(customerRef === undefined ? {} : { customer_ref: customerRef }),
    };
  });
}

const BILLING_LINE_FIELDS = [
  'project_id',
  'source_ref',
  'employee_ref',
  'date',
  'quantity',
  'unit_price',
  'amount',
  'currency',
  'description',
];

export function checkBillingLineBody(body: unknown): Checked<BillingLineBody> {
  return check(body, BILLING_LINE_FIELDS, (r) => ({
    project_id: r.text('project_id', 1, 64),
    source_ref: r.text('source_ref', 1, 200),
    employee_ref: r.text('employee_ref', 1, 200),
    date: r.matching('date', isCalendarDate, 'a calendar date YYYY-MM-DD'),
    quantity: r.matching('quantity', isQuantity, 'non-negative hours with at most 2 decimals'),
    unit_price: r.matching('unit_price', isAmount, 'a decimal string'),
    amount: r.matching('amount', isAmount, 'a decimal string'),
    currency: r.matching('currency', isCurrency, 'an ISO 4217 currency code'),
    description: r.text('description', 0, 1000),
  }));
}

const COST_POSTING_FIELDS = [
  'project_id',
  'source_ref',
  'employee_ref',
  'date',
  'hours',
  'cost_rate',
  'amount',
  'currency',
];

export function checkCostPostingBody(body: unknown): Checked<CostPostingBody> {
  return check(body, COST_POSTING_FIELDS, (r) => ({
    project_id: r.text('project_id', 1, 64),
    source_ref: r.text('source_ref', 1, 200),
    employee_ref: r.text('employee_ref', 1, 200),
    date: r.matching('date', isCalendarDate, 'a calendar date YYYY-MM-DD'),
    hours: r.matching('hours', isQuantity, 'non-negative hours with at most 2 decimals'),
    cost_rate: r.matching('cost_rate', isAmount, 'a decimal string'),
    amount: r.matching('amount', isAmount, 'a decimal string'),
    currency: r.matching('currency', isCurrency, 'an ISO 4217 currency code'),
  }));
}
