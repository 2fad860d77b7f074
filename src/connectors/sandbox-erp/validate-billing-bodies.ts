// Shape checks of the contract, expense and billing-release operation bodies. Business rules (the
// project exists, currencies agree, the category is known) are applied afterwards, each with its code.
import { check, isCalendarDate } from './body-reader.ts';
import { BOOKING_FIELDS, readBooking } from './booking-rules.ts';
import type { Checked } from './checked.ts';
import { isCurrency, isNonNegativeAmount, isPositiveAmount } from './decimal-rules.ts';
import { billingMethods } from './wire.ts';
import type {
  BillingMethod,
  BillingReleaseBody,
  ContractBody,
  ExpenseBody,
  ProjectCloseBody,
} from './wire.ts';

const CURRENCY = 'an ISO 4217 currency code';

const CONTRACT_FIELDS = [
  'project_id',
  'contract_ref',
  'customer_ref',
  'company',
  'currency',
  'billing_method',
  'value',
  'opportunity_ref',
];

export function checkContractBody(body: unknown): Checked<ContractBody> {
  return check(body, CONTRACT_FIELDS, (r) => {
    const opportunityRef = r.optionalText('opportunity_ref', 200);
    return {
      project_id: r.text('project_id', 1, 64),
      contract_ref: r.text('contract_ref', 1, 200),
      customer_ref: r.text('customer_ref', 1, 200),
      company: r.text('company', 1, 64),
      currency: r.matching('currency', isCurrency, CURRENCY),
      billing_method: r.matching(
        'billing_method',
        (v) => (billingMethods as readonly string[]).includes(v),
        billingMethods.join(' | '),
      ) as BillingMethod,
      value: r.matching('value', isNonNegativeAmount, 'a non-negative decimal string'),
      ...(opportunityRef === undefined ? {} : { opportunity_ref: opportunityRef }),
    };
  });
}

const EXPENSE_FIELDS = [
  'project_id',
  'source_ref',
  'employee_ref',
  'date',
  'category',
  'amount',
  'currency',
  'billable',
  'reimbursable',
  'description',
  'receipt_ref',
  ...BOOKING_FIELDS,
];

export function checkExpenseBody(body: unknown): Checked<ExpenseBody> {
  return check(body, EXPENSE_FIELDS, (r) => {
    const receiptRef = r.optionalText('receipt_ref', 200);
    return {
      project_id: r.text('project_id', 1, 64),
      source_ref: r.text('source_ref', 1, 200),
      employee_ref: r.text('employee_ref', 1, 200),
      date: r.matching('date', isCalendarDate, 'a calendar date YYYY-MM-DD'),
      category: r.text('category', 1, 64),
      amount: r.matching('amount', isPositiveAmount, 'a positive decimal string'),
      currency: r.matching('currency', isCurrency, CURRENCY),
      billable: r.flag('billable'),
      reimbursable: r.flag('reimbursable'),
      description: r.text('description', 1, 1000),
      ...(receiptRef === undefined ? {} : { receipt_ref: receiptRef }),
      ...readBooking(r),
    };
  });
}

const RELEASE_FIELDS = [
  'project_id',
  'billing_item_ref',
  'milestone_ref',
  'amount',
  'currency',
  'description',
  ...BOOKING_FIELDS,
];

export function checkProjectCloseBody(body: unknown): Checked<ProjectCloseBody> {
  return check(body, ['project_id', 'closed_on'], (r) => ({
    project_id: r.text('project_id', 1, 64),
    closed_on: r.matching('closed_on', isCalendarDate, 'a calendar date YYYY-MM-DD'),
  }));
}

export function checkBillingReleaseBody(body: unknown): Checked<BillingReleaseBody> {
  return check(body, RELEASE_FIELDS, (r) => ({
    project_id: r.text('project_id', 1, 64),
    billing_item_ref: r.text('billing_item_ref', 1, 200),
    milestone_ref: r.text('milestone_ref', 1, 200),
    amount: r.matching('amount', isPositiveAmount, 'a positive decimal string'),
    currency: r.matching('currency', isCurrency, CURRENCY),
    description: r.text('description', 0, 1000),
    ...readBooking(r),
  }));
}
