// Contracts, expenses, released billing items and project closures, with their indices. Append-only like the other
// records, so arrays stay in id order and the state file can append just the new ones.
import type { Sequences } from './erp-state.ts';
import { formatId } from './ids.ts';
import { pushTo } from './multimap.ts';
import type { BillingReleaseRecord, ContractRecord, ExpenseRecord, ProjectClosureRecord } from './records.ts';
import type { BillingReleaseBody, ContractBody, ExpenseBody, ProjectCloseBody } from './wire.ts';

export class BillingBook {
  readonly contracts: ContractRecord[] = [];
  readonly expenses: ExpenseRecord[] = [];
  readonly releases: BillingReleaseRecord[] = [];
  readonly closures: ProjectClosureRecord[] = [];
  readonly closureByProject = new Map<string, ProjectClosureRecord>();
  readonly expensesByProject = new Map<string, ExpenseRecord[]>();
  readonly expensesBySourceRef = new Map<string, ExpenseRecord[]>();
  /** Ids of expenses a reversal has cancelled. */
  readonly reversedExpenses = new Set<string>();
  readonly releasesByProject = new Map<string, BillingReleaseRecord[]>();
  private readonly contractIdByCompanyRef = new Map<string, string>();
  private readonly releaseIdByItemRef = new Map<string, string>();

  constructor(
    private readonly sequences: Sequences,
    /** Tells the owning state that something changed. */
    private readonly touch: () => void,
  ) {}

  contractIdByRef(company: string, contractRef: string): string | undefined {
    return this.contractIdByCompanyRef.get(`${company}\u0000${contractRef}`);
  }

  releaseIdByRef(billingItemRef: string): string | undefined {
    return this.releaseIdByItemRef.get(billingItemRef);
  }

  createContract(body: ContractBody, value: string, createdAt: string): ContractRecord {
    const contractId = formatId('contract', ++this.sequences.contract);
    const record: ContractRecord = { contract_id: contractId, ...body, value, created_at: createdAt };
    this.restoreContract(record);
    return record;
  }

  /** `amount` is the body's amount written at the currency's minor unit. */
  createExpense(body: ExpenseBody, amount: string, createdAt: string, reverses?: string): ExpenseRecord {
    const expenseId = formatId('expense', ++this.sequences.expense);
    const record: ExpenseRecord = {
      expense_id: expenseId,
      ...body,
      amount,
      created_at: createdAt,
      ...(reverses === undefined ? {} : { reverses }),
    };
    this.restoreExpense(record);
    return record;
  }

  createRelease(body: BillingReleaseBody, amount: string, createdAt: string): BillingReleaseRecord {
    const releaseId = formatId('billingRelease', ++this.sequences.billingRelease);
    const record: BillingReleaseRecord = { release_id: releaseId, ...body, amount, created_at: createdAt };
    this.restoreRelease(record);
    return record;
  }

  createClosure(body: ProjectCloseBody, createdAt: string): ProjectClosureRecord {
    const closureId = formatId('closure', ++this.sequences.closure);
    const record: ProjectClosureRecord = { closure_id: closureId, ...body, created_at: createdAt };
    this.restoreClosure(record);
    return record;
  }

  /** Adds a record with its id already assigned (creation and loading the state file). */
  restoreContract(record: ContractRecord): void {
    this.contracts.push(record);
    this.contractIdByCompanyRef.set(`${record.company}\u0000${record.contract_ref}`, record.contract_id);
    this.touch();
  }

  restoreExpense(record: ExpenseRecord): void {
    if (record.reverses !== undefined) this.reversedExpenses.add(record.reverses);
    this.expenses.push(record);
    pushTo(this.expensesByProject, record.project_id, record);
    pushTo(this.expensesBySourceRef, record.source_ref, record);
    this.touch();
  }

  restoreClosure(record: ProjectClosureRecord): void {
    this.closures.push(record);
    this.closureByProject.set(record.project_id, record);
    this.touch();
  }

  restoreRelease(record: BillingReleaseRecord): void {
    this.releases.push(record);
    pushTo(this.releasesByProject, record.project_id, record);
    this.releaseIdByItemRef.set(record.billing_item_ref, record.release_id);
    this.touch();
  }
}
