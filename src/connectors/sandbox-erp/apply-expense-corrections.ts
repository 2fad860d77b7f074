// Corrections of posted expenses, like those of time: the live expense is reversed (a negative copy that
// names what it cancels) and, for a correction, the new state booked. A billable expense already rebilled
// on an invoice is refused with `already_invoiced`: a credit note first.
import { checkExpense } from './apply-billing-ops.ts';
import { negateAmount } from '../../domain/money.ts';
import type { ErpState } from './erp-state.ts';
import type { ExpenseRecord } from './records.ts';
import { reject } from './reject.ts';
import type { ExpenseBody, ExpenseCorrectionBody, ExpenseReversalBody, OperationResult } from './wire.ts';

function liveExpenses(state: ErpState, projectId: string, sourceRef: string): ExpenseRecord[] {
  return (state.book.expensesBySourceRef.get(sourceRef) ?? []).filter(
    (e) =>
      e.project_id === projectId &&
      e.reverses === undefined &&
      !state.book.reversedExpenses.has(e.expense_id),
  );
}

function invoicedRefusal(
  state: ErpState,
  sourceRef: string,
  live: readonly ExpenseRecord[],
): OperationResult | undefined {
  for (const expense of live) {
    const invoice = state.receivables.invoicedItems.get(expense.expense_id);
    if (invoice !== undefined)
      return reject(
        state,
        409,
        'already_invoiced',
        `expense ${expense.expense_id} of ${sourceRef} was rebilled on invoice ${invoice}: issue a credit note for it, then retry the correction`,
      );
  }
  return undefined;
}

/** Booked where the original was, unless that period has closed since: then on `fallback`. */
function reverse(
  state: ErpState,
  company: string,
  live: readonly ExpenseRecord[],
  fallback: string,
  now: string,
): string[] {
  return live.map((expense) => {
    const { expense_id: id, created_at: _created, reverses: _r, ...body } = expense;
    const booked = expense.posting_date ?? expense.date;
    const reversal: ExpenseBody = {
      ...body,
      amount: negateAmount(expense.amount),
      ...(expense.functional_amount === undefined
        ? {}
        : { functional_amount: negateAmount(expense.functional_amount) }),
      posting_date: state.receivables.reference.isClosed(company, booked) ? fallback : booked,
    };
    return state.book.createExpense(reversal, reversal.amount, now, id).expense_id;
  });
}

export function correctExpense(state: ErpState, body: ExpenseCorrectionBody, now: string): OperationResult {
  const project = state.projects.get(body.project_id);
  if (!project) return reject(state, 422, 'unknown_project', `project ${body.project_id} does not exist`);
  const live = liveExpenses(state, body.project_id, body.source_ref);
  const refused = invoicedRefusal(state, body.source_ref, live);
  if (refused) return refused;
  const next: ExpenseBody = { ...body.expense, project_id: body.project_id, source_ref: body.source_ref };
  // Checked before anything is written: a refused correction leaves the books as they were.
  const checked = checkExpense(state, next);
  if ('status' in checked) return checked;
  reverse(state, project.company, live, next.posting_date ?? next.date, now);
  return { status: 201, id: state.book.createExpense(next, checked.amount, now).expense_id };
}

export function reverseExpense(state: ErpState, body: ExpenseReversalBody, now: string): OperationResult {
  const project = state.projects.get(body.project_id);
  if (!project) return reject(state, 422, 'unknown_project', `project ${body.project_id} does not exist`);
  const live = liveExpenses(state, body.project_id, body.source_ref);
  const refused = invoicedRefusal(state, body.source_ref, live);
  if (refused) return refused;
  const ids = reverse(state, project.company, live, now.slice(0, 10), now);
  return { status: 201, id: ids[ids.length - 1] ?? `nothing-to-reverse:${body.source_ref}` };
}
