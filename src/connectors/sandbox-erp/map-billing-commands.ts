// The quote-to-cash commands (contract, expense, billing release) in the ERP's vocabulary. Amounts go
// as the domain computed them; the ERP refuses, rather than rounds, an amount it cannot book.
import type { Expense, ExpenseCategory } from '../../contracts/index.ts';
import type { Booking } from '../../domain/finance/book-postings.ts';
import { bookingFields } from './map-booking.ts';
import type {
  CloseProject,
  CreateContract,
  PostExpense,
  ReleaseBillingItem,
  ReviseExpense,
  WithdrawExpense,
} from '../kit/commands.ts';
import { billingMethods, customerRef, type MappedCommand } from './map-shared.ts';
import type { ExpenseCategory as ErpExpenseCategory } from './wire.ts';

/** The ERP's own category names; the mapping is total so no canonical expense lacks an account. */
const expenseCategories: Readonly<Record<ExpenseCategory, ErpExpenseCategory>> = {
  travel: 'travel',
  accommodation: 'lodging',
  meals: 'subsistence',
  mileage: 'mileage',
  software: 'software',
  other: 'sundry',
};

function inconsistent(message: string): MappedCommand {
  return { ok: false, result: { outcome: 'reject', reasonCode: 'erp.inconsistent_currency', message } };
}

export function contractOperation(command: CreateContract, system: string): MappedCommand {
  const { contract } = command;
  if (contract.value.currency !== contract.currency)
    return inconsistent(
      `createContract: value currency ${contract.value.currency} differs from contract currency ${contract.currency}`,
    );
  return {
    ok: true,
    operation: {
      op: 'contract.create',
      idempotency_key: command.idempotencyKey,
      body: {
        billing_method: billingMethods[contract.billingModel],
        company: contract.legalEntityId,
        contract_ref: contract.id,
        currency: contract.currency,
        customer_ref: customerRef(contract.customerId, system),
        ...(contract.opportunityId === undefined ? {} : { opportunity_ref: contract.opportunityId }),
        project_id: command.projectExternalId,
        value: contract.value.amount,
      },
    },
  };
}

/** The ERP's expense body (without project and ref) for an expense's state. */
function expenseFields(expense: Expense, booking: Booking | undefined) {
  return {
    amount: expense.amount.amount,
    billable: expense.billable,
    category: expenseCategories[expense.category],
    currency: expense.amount.currency,
    date: expense.incurredDate,
    description: expense.description,
    employee_ref: expense.resourceId,
    ...(expense.receiptReference === undefined ? {} : { receipt_ref: expense.receiptReference }),
    reimbursable: expense.reimbursable,
    ...bookingFields(booking),
  };
}

export function expenseOperation(command: PostExpense): MappedCommand {
  const { expense } = command;
  return {
    ok: true,
    operation: {
      op: 'expense.create',
      idempotency_key: command.idempotencyKey,
      body: {
        ...expenseFields(expense, command.booking),
        project_id: command.projectExternalId,
        source_ref: expense.id,
      },
    },
  };
}

export function expenseCorrectionOperation(command: ReviseExpense): MappedCommand {
  return {
    ok: true,
    operation: {
      op: 'expense.correct',
      idempotency_key: command.idempotencyKey,
      body: {
        expense: expenseFields(command.expense, command.booking),
        project_id: command.projectExternalId,
        source_ref: command.expense.id,
      },
    },
  };
}

export function expenseReversalOperation(command: WithdrawExpense): MappedCommand {
  return {
    ok: true,
    operation: {
      op: 'expense.reverse',
      idempotency_key: command.idempotencyKey,
      body: { project_id: command.projectExternalId, reason: command.reason, source_ref: command.expenseId },
    },
  };
}

export function closeOperation(command: CloseProject): MappedCommand {
  return {
    ok: true,
    operation: {
      op: 'project.close',
      idempotency_key: command.idempotencyKey,
      body: { project_id: command.projectExternalId, closed_on: command.closedDate },
    },
  };
}

export function releaseOperation(command: ReleaseBillingItem): MappedCommand {
  return {
    ok: true,
    operation: {
      op: 'billing_item.release',
      idempotency_key: command.idempotencyKey,
      body: {
        amount: command.amount.amount,
        billing_item_ref: command.billingItemId,
        currency: command.amount.currency,
        description: command.description,
        milestone_ref: command.milestoneId,
        project_id: command.projectExternalId,
        ...bookingFields(command.booking),
      },
    },
  };
}
