// Reads back the quote-to-cash part of a state file: contracts, expenses, billing releases, closures and the
// receivables change log (parties, invoices and payments are rebuilt by applying it). Files written
// before these existed lack the lists, which read as empty.
import type { ErpState } from './erp-state.ts';
import { parseChange } from './parse-change.ts';
import type { BillingReleaseRecord, ContractRecord, ExpenseRecord, ProjectClosureRecord } from './records.ts';
import { array, CorruptState, expect, POSTING_FIELDS, withStrings } from './snapshot-checks.ts';

/** Lists added after the first format are absent from older files: read as empty. */
function optionalArray(value: unknown, what: string): unknown[] {
  return value === undefined ? [] : array(value, what);
}

export function restoreBook(state: ErpState, value: Record<string, unknown>): void {
  for (const c of optionalArray(value['contracts'], 'contracts'))
    state.book.restoreContract(
      withStrings<ContractRecord>(
        c,
        [
          'contract_id',
          'project_id',
          'contract_ref',
          'customer_ref',
          'company',
          'currency',
          'billing_method',
          'value',
          'created_at',
        ],
        'contract',
      ),
    );
  for (const e of optionalArray(value['expenses'], 'expenses')) {
    const expense = withStrings<ExpenseRecord>(
      e,
      ['expense_id', 'category', 'description', ...POSTING_FIELDS],
      'expense',
    );
    expect(
      typeof expense.billable === 'boolean' && typeof expense.reimbursable === 'boolean',
      'expense.billable or expense.reimbursable is not a boolean',
    );
    state.book.restoreExpense(expense);
  }
  for (const r of optionalArray(value['billing_releases'], 'billing_releases'))
    state.book.restoreRelease(
      withStrings<BillingReleaseRecord>(
        r,
        [
          'release_id',
          'project_id',
          'billing_item_ref',
          'milestone_ref',
          'amount',
          'currency',
          'description',
          'created_at',
        ],
        'billing release',
      ),
    );
  for (const c of optionalArray(value['project_closures'], 'project_closures'))
    state.book.restoreClosure(
      withStrings<ProjectClosureRecord>(
        c,
        ['closure_id', 'project_id', 'closed_on', 'created_at'],
        'project closure',
      ),
    );
  for (const c of optionalArray(value['changes'], 'changes')) {
    const parsed = parseChange(c);
    if (!parsed.ok) throw new CorruptState(`a change is not valid: ${parsed.message}`);
    state.receivables.restore(parsed.change);
  }
}
