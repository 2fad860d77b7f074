// Shape checks of the correction operations: a time entry's postings reversed and booked again, or reversed.
import { check, isCalendarDate, type Reader } from './body-reader.ts';
import { BOOKING_FIELDS, LINE_TAX_FIELDS, readBooking, readLineTax } from './booking-rules.ts';
import type { Checked } from './checked.ts';
import { isAmount, isCurrency, isQuantity } from './decimal-rules.ts';
import type { ExpenseCorrectionBody, TimeCorrectionBody, TimeReversalBody } from './wire.ts';
import { checkExpenseBody } from './validate-billing-bodies.ts';

const LINE_FIELDS = [
  'employee_ref',
  'date',
  'quantity',
  'unit_price',
  'amount',
  'currency',
  'description',
  ...BOOKING_FIELDS,
  ...LINE_TAX_FIELDS,
];
const COST_FIELDS = ['employee_ref', 'date', 'hours', 'cost_rate', 'amount', 'currency', ...BOOKING_FIELDS];

function common(r: Reader) {
  return {
    employee_ref: r.text('employee_ref', 1, 200),
    date: r.matching('date', isCalendarDate, 'a calendar date YYYY-MM-DD'),
    amount: r.matching('amount', isAmount, 'a decimal string'),
    currency: r.matching('currency', isCurrency, 'an ISO 4217 currency code'),
  };
}

export function checkTimeCorrectionBody(body: unknown): Checked<TimeCorrectionBody> {
  return check(body, ['project_id', 'source_ref', 'billing_line', 'cost_posting'], (r) => {
    const billingLine = r.has('billing_line')
      ? r.nested('billing_line', LINE_FIELDS, (l) => ({
          ...common(l),
          quantity: l.matching('quantity', isQuantity, 'non-negative hours with at most 2 decimals'),
          unit_price: l.matching('unit_price', isAmount, 'a decimal string'),
          description: l.text('description', 0, 1000),
          ...readBooking(l),
          ...readLineTax(l),
        }))
      : undefined;
    return {
      project_id: r.text('project_id', 1, 64),
      source_ref: r.text('source_ref', 1, 200),
      ...(billingLine === undefined ? {} : { billing_line: billingLine }),
      cost_posting: r.nested('cost_posting', COST_FIELDS, (c) => ({
        ...common(c),
        hours: c.matching('hours', isQuantity, 'non-negative hours with at most 2 decimals'),
        cost_rate: c.matching('cost_rate', isAmount, 'a decimal string'),
        ...readBooking(c),
      })),
    };
  });
}

export function checkTimeReversalBody(body: unknown): Checked<TimeReversalBody> {
  return check(body, ['project_id', 'source_ref', 'reason'], (r) => ({
    project_id: r.text('project_id', 1, 64),
    source_ref: r.text('source_ref', 1, 200),
    reason: r.text('reason', 1, 64),
  }));
}

/** The expense's new state is checked like a new expense's body, under the correction's project and ref. */
export function checkExpenseCorrectionBody(body: unknown): Checked<ExpenseCorrectionBody> {
  const outer = check(body, ['project_id', 'source_ref', 'expense'], (r) => ({
    project_id: r.text('project_id', 1, 64),
    source_ref: r.text('source_ref', 1, 200),
  }));
  if (!outer.ok) return outer;
  const inner = (body as Record<string, unknown>)['expense'];
  if (inner === null || typeof inner !== 'object' || Array.isArray(inner))
    return { ok: false, error: { code: 'validation_failed', message: 'expense must be a JSON object' } };
  if ('project_id' in inner || 'source_ref' in inner)
    return {
      ok: false,
      error: {
        code: 'validation_failed',
        message: 'expense names no project_id or source_ref: the correction does',
      },
    };
  const checked = checkExpenseBody({ ...inner, ...outer.value });
  if (!checked.ok)
    return { ok: false, error: { ...checked.error, message: `expense: ${checked.error.message}` } };
  const { project_id: _project, source_ref: _ref, ...expense } = checked.value;
  return { ok: true, value: { ...outer.value, expense } };
}
