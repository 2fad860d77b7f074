// Business rules of contracts, expenses and billing releases, applied after the shape checks. Each
// refusal has its own code, so an operator sees what to fix (the project's currency, its billing
// method, the category) instead of a generic failure.
import { atMinorUnit } from './decimal-rules.ts';
import { checkBooking } from './booking-rules.ts';
import type { ErpState } from './erp-state.ts';
import type { ProjectRecord } from './records.ts';
import { reject } from './reject.ts';
import { expenseCategories } from './wire.ts';
import type {
  BillingMethod,
  BillingReleaseBody,
  ContractBody,
  ExpenseBody,
  OperationResult,
  ProjectCloseBody,
} from './wire.ts';

/** Billing items are released on projects billed from a schedule, never on time-and-materials ones. */
const RELEASABLE: readonly BillingMethod[] = ['fixed_fee', 'retainer'];

/** The project, or the rejection naming what does not fit it (its company first, then its currency). */
function inProject(
  state: ErpState,
  body: { project_id: string; currency: string; company?: string },
): ProjectRecord | OperationResult {
  const project = state.projects.get(body.project_id);
  if (!project) return reject(state, 422, 'unknown_project', `project ${body.project_id} does not exist`);
  if (body.company !== undefined && body.company !== project.company)
    return reject(
      state,
      422,
      'company_mismatch',
      `company ${body.company} differs from project ${project.project_id} company ${project.company}`,
    );
  if (body.currency !== project.currency)
    return reject(
      state,
      422,
      'currency_mismatch',
      `currency ${body.currency} differs from project ${project.project_id} currency ${project.currency}`,
    );
  return project;
}

function isRejection(value: ProjectRecord | OperationResult): value is OperationResult {
  return 'status' in value;
}

/** The amount at the currency's minor unit, or the rejection: the ERP never rounds what it is given. */
function bookable(state: ErpState, amount: string, currency: string): string | OperationResult {
  return (
    atMinorUnit(amount, currency) ??
    reject(state, 422, 'amount_precision', `amount ${amount} has more decimals than ${currency} allows`)
  );
}

export function createContract(state: ErpState, body: ContractBody, now: string): OperationResult {
  const project = inProject(state, body);
  if (isRejection(project)) return project;
  if (body.billing_method !== project.billing_method)
    return reject(
      state,
      422,
      'billing_method_mismatch',
      `billing method ${body.billing_method} differs from project ${project.project_id} (${project.billing_method})`,
    );
  const value = bookable(state, body.value, body.currency);
  if (typeof value !== 'string') return value;
  const existing = state.book.contractIdByRef(body.company, body.contract_ref);
  if (existing !== undefined)
    return reject(
      state,
      409,
      'contract_ref_exists',
      `contract "${body.contract_ref}" already exists in ${body.company} as ${existing}`,
    );
  return { status: 201, id: state.book.createContract(body, value, now).contract_id };
}

/** A project is closed once; it keeps its records (late postings are still accepted and invoiced). */
export function closeProject(state: ErpState, body: ProjectCloseBody, now: string): OperationResult {
  if (!state.projects.has(body.project_id))
    return reject(state, 422, 'unknown_project', `project ${body.project_id} does not exist`);
  const closed = state.book.closureByProject.get(body.project_id);
  if (closed)
    return reject(
      state,
      409,
      'project_closed',
      `project ${body.project_id} was closed on ${closed.closed_on} (${closed.closure_id})`,
    );
  return { status: 201, id: state.book.createClosure(body, now).closure_id };
}

/** The checks an expense passes before it is booked (a first posting or a correction's new state). */
export function checkExpense(state: ErpState, body: ExpenseBody): { amount: string } | OperationResult {
  const project = inProject(state, body);
  if (isRejection(project)) return project;
  if (!(expenseCategories as readonly string[]).includes(body.category))
    return reject(
      state,
      422,
      'unknown_expense_category',
      `expense category "${body.category}" is not one of ${expenseCategories.join(', ')}`,
    );
  if (body.billable && project.billing_method === 'non_billable')
    return reject(
      state,
      422,
      'billing_method_mismatch',
      `a billable expense cannot be booked on non-billable project ${project.project_id}`,
    );
  const amount = bookable(state, body.amount, body.currency);
  if (typeof amount !== 'string') return amount;
  return checkBooking(state, project.company, body) ?? { amount };
}

export function createExpense(state: ErpState, body: ExpenseBody, now: string): OperationResult {
  const checked = checkExpense(state, body);
  if ('status' in checked) return checked;
  return { status: 201, id: state.book.createExpense(body, checked.amount, now).expense_id };
}

export function releaseBillingItem(state: ErpState, body: BillingReleaseBody, now: string): OperationResult {
  const project = inProject(state, body);
  if (isRejection(project)) return project;
  if (!RELEASABLE.includes(project.billing_method))
    return reject(
      state,
      422,
      'billing_method_mismatch',
      `project ${project.project_id} is billed ${project.billing_method}; only ${RELEASABLE.join(' or ')} projects release billing items`,
    );
  const amount = bookable(state, body.amount, body.currency);
  if (typeof amount !== 'string') return amount;
  const existing = state.book.releaseIdByRef(body.billing_item_ref);
  if (existing !== undefined)
    return reject(
      state,
      409,
      'billing_item_already_released',
      `billing item "${body.billing_item_ref}" was already released as ${existing}`,
    );
  // A release has no date of its own: it is booked on its posting date, or today.
  const refused = checkBooking(state, project.company, {
    ...body,
    date: body.posting_date ?? now.slice(0, 10),
  });
  if (refused) return refused;
  return { status: 201, id: state.book.createRelease(body, amount, now).release_id };
}
