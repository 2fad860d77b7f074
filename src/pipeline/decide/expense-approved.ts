import type { EventOf } from '../../contracts/index.ts';
import type { PostExpense, ReviseExpense } from '../../connectors/kit/commands.ts';
import type { Decision } from '../../store/port.ts';
import { commandDelivery } from '../command-payload.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';
import { governanceRefusal } from './governed.ts';
import { awaitMaster, awaitProvisioned } from './waits.ts';
import { bookAmount, bookingField, type Booking } from '../../domain/finance/book-postings.ts';
import { bookOrWait } from './book-or-wait.ts';

/** An expense ready to post: the ERP's id of its project and how it is booked. */
export interface PlannedExpense {
  readonly projectExternalId: string;
  readonly booking: Booking;
}

/**
 * What posting an expense waits for and checks, for a first approval and a revision alike: governance,
 * the project in the ERP (else it parks), the project's currency, then its booking in the project's
 * legal entity (period, FX).
 */
export function planExpense(
  seq: number,
  event: EventOf<'ExpenseApproved'> | EventOf<'ExpenseRevised'>,
  ctx: BatchContext,
  env: DecideEnvironment,
): PlannedExpense | Decision {
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
  // A project the ERP holds was ready when provisioned: it has its legal entity.
  const legalEntityId = project?.legalEntityId;
  if (project === undefined || legalEntityId === undefined)
    return awaitMaster(seq, 'project', expense.projectId, 'ProjectActivated');
  const booked = bookOrWait(
    seq,
    { what: 'expense', id: expense.id, date: expense.incurredDate, detail: { expenseId: expense.id } },
    // An expense is recharged at cost: the ERP taxes a rebilled expense at invoicing, not here.
    { id: project.id, legalEntityId },
    (inputs) => bookAmount(expense.amount, inputs),
    ctx,
    env,
  );
  if ('kind' in booked) return booked;
  return { projectExternalId, booking: booked.value };
}

/**
 * Plans the expense and, once it is ready, sends it as `kind` under `idempotencyKey`, after the project's
 * earlier work (its lane). A first approval and a revision differ only in these two.
 */
export function sendExpense(
  seq: number,
  event: EventOf<'ExpenseApproved'> | EventOf<'ExpenseRevised'>,
  kind: 'postExpense' | 'reviseExpense',
  idempotencyKey: string,
  ctx: BatchContext,
  env: DecideEnvironment,
): Decision {
  const expense = event.data;
  const planned = planExpense(seq, event, ctx, env);
  if ('kind' in planned) return planned;
  const command: PostExpense | ReviseExpense = {
    kind,
    idempotencyKey,
    expense,
    projectExternalId: planned.projectExternalId,
    ...bookingField(planned.booking, expense.incurredDate),
  };
  return {
    seq,
    kind: 'deliver',
    deliveries: [
      commandDelivery(env.erpSystem, kind, 'transactional', expense.projectId, idempotencyKey, [command]),
    ],
  };
}

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
  return sendExpense(seq, event, 'postExpense', `${event.data.id}/posting`, ctx, env);
}
