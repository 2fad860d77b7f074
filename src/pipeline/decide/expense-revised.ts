import type { EventOf } from '../../contracts/index.ts';
import type { Decision } from '../../store/port.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';
import { sendExpense } from './expense-approved.ts';

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
  return sendExpense(seq, event, 'reviseExpense', `${event.data.id}/revision/${event.id}`, ctx, env);
}
