// Shape checks of the time-posting operation bodies (projects, billing lines, cost postings) at the
// ERP's edge.
import { billingMethods } from './wire.ts';
import type {
  BillingLineBody,
  BillingMethod,
  CostPostingBody,
  ProjectBody,
  SourceDigestField,
} from './wire.ts';
import { check, isCalendarDate, type Reader } from './body-reader.ts';
import type { Checked } from './checked.ts';
import { isAmount, isCurrency, isQuantity } from './decimal-rules.ts';
import { BOOKING_FIELDS, LINE_TAX_FIELDS, readBooking, readLineTax } from './booking-rules.ts';

const PROJECT_FIELDS = [
  'code',
  'name',
  'company',
  'currency',
  'tax_code',
  'billing_method',
  'customer_ref',
  'source_ref',
];

export function checkProjectBody(body: unknown): Checked<ProjectBody> {
  return check(body, PROJECT_FIELDS, (r) => {
    const customerRef = r.optionalText('customer_ref', 200);
    const sourceRef = r.optionalText('source_ref', 200);
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
      ...(sourceRef === undefined ? {} : { source_ref: sourceRef }),
    };
  });
}

/** The approval's digest, when the poster sends one: a SHA-256 in lower-case hex. */
function readSourceDigest(r: Reader): SourceDigestField {
  if (!r.has('source_digest')) return {};
  return {
    source_digest: r.matching(
      'source_digest',
      (v) => /^[0-9a-f]{64}$/.test(v),
      'a SHA-256 digest (64 hex digits)',
    ),
  };
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
  'source_digest',
  ...BOOKING_FIELDS,
  ...LINE_TAX_FIELDS,
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
    ...readBooking(r),
    ...readLineTax(r),
    ...readSourceDigest(r),
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
  'source_digest',
  ...BOOKING_FIELDS,
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
    ...readBooking(r),
    ...readSourceDigest(r),
  }));
}
