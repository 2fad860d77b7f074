import type { EventOf } from '../../contracts/index.ts';
import type { ReviseExpense } from '../../connectors/kit/commands.ts';
import type { Decision } from '../../store/port.ts';
import { commandDelivery } from '../command-payload.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';
import { planExpense } from './expense-approved.ts';
import { bookingField } from '../../domain/finance/book-postings.ts';

/**
 * An approved expense changed in the PSA: booked again from its new state by the same rules as a first
 * approval, and sent as one correction after its earlier posting (same project lane). Keyed by the event,
 * so each change is applied once.
 */
export function decideExpenseRevised(
  seq: number,
  event: EventOf<'ExpenseRevised'>,
  ctx: BatchContext,
  env: DecideEnvironment,
): Decision {
  const expense = event.data;
  const planned = planExpense(seq, event, ctx, env);
  if ('kind' in planned) return planned;
  const command: ReviseExpense = {
    kind: 'reviseExpense',
    idempotencyKey: `${expense.id}/revision/${event.id}`,
    expense,
    projectExternalId: planned.projectExternalId,
    ...bookingField(planned.booking, expense.incurredDate),
  };
  return {
    seq,
    kind: 'deliver',
    deliveries: [
      commandDelivery(
        env.erpSystem,
        'reviseExpense',
        'transactional',
        expense.projectId,
        command.idempotencyKey,
        [command],
      ),
    ],
  };
}
