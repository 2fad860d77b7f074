import type { EventOf } from '../../contracts/index.ts';
import type { PostExpense } from '../../connectors/kit/commands.ts';
import type { Decision } from '../../store/port.ts';
import { commandDelivery } from '../command-payload.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';
import { governanceRefusal } from './governed.ts';
import { awaitProvisioned } from './waits.ts';

/**
 * An approved expense becomes a cost line in project accounting and, when billable, a rebillable line;
 * like time, it waits (parked) until its project exists in the ERP.
 */
export function decideExpenseApproved(
  seq: number,
  event: EventOf<'ExpenseApproved'>,
  ctx: BatchContext,
  env: DecideEnvironment,
): Decision {
  const expense = event.data;
  const refused = governanceRefusal(seq, event, 'expense', expense.id, ['amount', 'status'], env);
  if (refused) return refused;
  const projectExternalId = ctx.externalId(expense.projectId, env.erpSystem);
  if (projectExternalId === undefined) return awaitProvisioned(seq, expense.projectId, env);
  // Refused here, with the reason, rather than sent for the ERP to refuse: a project books one currency.
  const project = ctx.master('project', expense.projectId)?.data;
  if (project?.currency !== undefined && project.currency !== expense.amount.currency)
    return {
      seq,
      kind: 'reject',
      reasonCode: 'expense.currency_mismatch',
      reason: `expense ${expense.id} is in ${expense.amount.currency} but project ${expense.projectId} books in ${project.currency}; convert it in the PSA and approve it again`,
      detail: {
        expenseId: expense.id,
        expenseCurrency: expense.amount.currency,
        projectCurrency: project.currency,
      },
    };
  const command: PostExpense = {
    kind: 'postExpense',
    idempotencyKey: `${expense.id}/posting`,
    expense,
    projectExternalId,
  };
  return {
    seq,
    kind: 'deliver',
    deliveries: [
      commandDelivery(
        env.erpSystem,
        'postExpense',
        'transactional',
        expense.projectId,
        command.idempotencyKey,
        [command],
      ),
    ],
  };
}
