// Applies one operation the way the ERP does: idempotency first (a known key answers its original
// result), then shape, then business rules. A rejection is not remembered under its key, so the same
// command succeeds once an operator has fixed the cause (e.g. enabled a tax code).
import { closeProject, createContract, createExpense, releaseBillingItem } from './apply-billing-ops.ts';
import { fingerprint } from './canonical-json.ts';
import { decimalEquals, extendedAmount } from './decimal-rules.ts';
import type { ErpState } from './erp-state.ts';
import { reject } from './reject.ts';
import type { Checked } from './checked.ts';
import {
  checkBillingReleaseBody,
  checkContractBody,
  checkExpenseBody,
  checkProjectCloseBody,
} from './validate-billing-bodies.ts';
import { checkBillingLineBody, checkCostPostingBody, checkProjectBody } from './validate-bodies.ts';
import { operationNames } from './wire.ts';
import { checkBooking } from './booking-rules.ts';
import { correctTimeEntry, reverseTimeEntry } from './apply-corrections.ts';
import {
  checkExpenseCorrectionBody,
  checkTimeCorrectionBody,
  checkTimeReversalBody,
} from './validate-correction-bodies.ts';
import { correctExpense, reverseExpense } from './apply-expense-corrections.ts';
import type {
  BillingLineBody,
  CostPostingBody,
  OperationName,
  OperationResult,
  ProjectBody,
} from './wire.ts';

const MAX_KEY_LENGTH = 255;

function createProject(state: ErpState, body: ProjectBody, now: string): OperationResult {
  const company = state.companies.get(body.company);
  if (!company) return reject(state, 422, 'unknown_company', `company "${body.company}" is not configured`);
  if (!company.tax_codes.has(body.tax_code))
    return reject(
      state,
      422,
      'tax_code_not_configured',
      `tax code "${body.tax_code}" is not enabled for company ${body.company}`,
    );
  const existing = state.projectIdByCode(body.company, body.code);
  if (existing !== undefined)
    return reject(
      state,
      409,
      'project_code_exists',
      `project code "${body.code}" already exists in ${body.company} as ${existing}`,
    );
  return { status: 201, id: state.createProject(body, now).project_id };
}

/**
 * The checks billing lines and cost postings share; returns the booked amount or a rejection. Billing is
 * in the project's currency; cost is booked in the currency the consultant's cost rate is kept in (their
 * employing entity's), which may differ from the project's.
 */
function checkPosting(
  state: ErpState,
  body: { project_id: string; currency: string; amount: string },
  quantity: string,
  rate: string,
  inProjectCurrency: boolean,
): { amount: string } | OperationResult {
  const project = state.projects.get(body.project_id);
  if (!project) return reject(state, 422, 'unknown_project', `project ${body.project_id} does not exist`);
  if (inProjectCurrency && body.currency !== project.currency)
    return reject(
      state,
      422,
      'currency_mismatch',
      `currency ${body.currency} differs from project ${project.project_id} currency ${project.currency}`,
    );
  const expected = extendedAmount(quantity, rate, body.currency);
  if (!decimalEquals(body.amount, expected))
    return reject(
      state,
      422,
      'amount_mismatch',
      `amount ${body.amount} is not ${quantity} x ${rate} = ${expected} ${body.currency}`,
    );
  return { amount: expected };
}

function createBillingLine(state: ErpState, body: BillingLineBody, now: string): OperationResult {
  const checked = checkPosting(state, body, body.quantity, body.unit_price, true);
  if ('status' in checked) return checked;
  const refused = checkBooking(state, companyOf(state, body.project_id), body);
  if (refused) return refused;
  const record = state.createBillingLine(body, checked.amount, now);
  return { status: 201, id: record.billing_line_id };
}

function createCostPosting(state: ErpState, body: CostPostingBody, now: string): OperationResult {
  const checked = checkPosting(state, body, body.hours, body.cost_rate, false);
  if ('status' in checked) return checked;
  const refused = checkBooking(state, companyOf(state, body.project_id), body);
  if (refused) return refused;
  const record = state.createCostPosting(body, checked.amount, now);
  return { status: 201, id: record.cost_posting_id };
}

/** The company of a project checkPosting has already found. */
function companyOf(state: ErpState, projectId: string): string {
  return state.projects.get(projectId)?.company ?? '';
}

/** Shape first; a body that fails it is refused with the checker's code, counted like any other. */
function checked<T>(
  state: ErpState,
  result: Checked<T>,
  apply: (body: T) => OperationResult,
): OperationResult {
  return result.ok ? apply(result.value) : reject(state, 422, result.error.code, result.error.message);
}

function execute(state: ErpState, op: OperationName, body: unknown, now: string): OperationResult {
  switch (op) {
    case 'project.create':
      return checked(state, checkProjectBody(body), (b) => createProject(state, b, now));
    case 'billing_line.create':
      return checked(state, checkBillingLineBody(body), (b) => createBillingLine(state, b, now));
    case 'cost_posting.create':
      return checked(state, checkCostPostingBody(body), (b) => createCostPosting(state, b, now));
    case 'contract.create':
      return checked(state, checkContractBody(body), (b) => createContract(state, b, now));
    case 'expense.create':
      return checked(state, checkExpenseBody(body), (b) => createExpense(state, b, now));
    case 'billing_item.release':
      return checked(state, checkBillingReleaseBody(body), (b) => releaseBillingItem(state, b, now));
    case 'project.close':
      return checked(state, checkProjectCloseBody(body), (b) => closeProject(state, b, now));
    case 'time_entry.correct':
      return checked(state, checkTimeCorrectionBody(body), (b) => correctTimeEntry(state, b, now));
    case 'time_entry.reverse':
      return checked(state, checkTimeReversalBody(body), (b) => reverseTimeEntry(state, b, now));
    case 'expense.correct':
      return checked(state, checkExpenseCorrectionBody(body), (b) => correctExpense(state, b, now));
    case 'expense.reverse':
      return checked(state, checkTimeReversalBody(body), (b) => reverseExpense(state, b, now));
  }
}

export function isOperationName(value: unknown): value is OperationName {
  return typeof value === 'string' && (operationNames as readonly string[]).includes(value);
}

export function isIdempotencyKey(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_KEY_LENGTH;
}

export interface ApplyOptions {
  /** Keys another request is still processing: answered 409 instead of being applied twice. */
  readonly inFlightElsewhere?: ReadonlySet<string>;
}

/** Applies one operation of a batch (or the single-project endpoint); never throws on bad input. */
export function applyOperation(
  state: ErpState,
  operation: unknown,
  now: string,
  options: ApplyOptions = {},
): OperationResult {
  if (operation === null || typeof operation !== 'object' || Array.isArray(operation))
    return reject(state, 422, 'validation_failed', 'operation must be a JSON object');
  const { op, idempotency_key: key, body } = operation as Record<string, unknown>;
  if (!isOperationName(op))
    return reject(state, 422, 'unknown_operation', `op must be one of ${operationNames.join(', ')}`);
  if (!isIdempotencyKey(key))
    return reject(
      state,
      422,
      'idempotency_key_missing',
      `idempotency_key must be a string of 1 to ${MAX_KEY_LENGTH} characters`,
    );
  if (options.inFlightElsewhere?.has(key))
    return reject(
      state,
      409,
      'idempotency_key_in_flight',
      `a request with idempotency key "${key}" is still being processed`,
    );
  const print = fingerprint({ body, op });
  const known = state.idempotency.get(key);
  if (known) {
    if (known.fingerprint !== print)
      return reject(
        state,
        422,
        'idempotency_key_reused',
        `idempotency key "${key}" was already used with a different request`,
      );
    state.countReplay();
    return { status: 200, id: known.id };
  }
  const result = execute(state, op, body, now);
  if (result.status === 201) state.rememberKey(key, { fingerprint: print, id: result.id });
  return result;
}
