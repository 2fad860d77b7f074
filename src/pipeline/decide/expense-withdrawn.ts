import type { EventOf } from '../../contracts/index.ts';
import type { WithdrawExpense } from '../../connectors/kit/commands.ts';
import type { Decision } from '../../store/port.ts';
import { commandDelivery } from '../command-payload.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';
import { governanceRefusal } from './governed.ts';
import { awaitProvisioned } from './waits.ts';

/** A deleted or unapproved expense's posting is reversed, after the posting itself (same project lane). */
export function decideExpenseWithdrawn(
  seq: number,
  event: EventOf<'ExpenseWithdrawn'>,
  ctx: BatchContext,
  env: DecideEnvironment,
): Decision {
  const { expenseId, projectId, reason } = event.data;
  const refused = governanceRefusal(seq, event, 'expense', expenseId, ['status'], env);
  if (refused) return refused;
  const projectExternalId = ctx.externalId(projectId, env.erpSystem);
  if (projectExternalId === undefined) return awaitProvisioned(seq, projectId, env);
  const command: WithdrawExpense = {
    kind: 'withdrawExpense',
    idempotencyKey: `${expenseId}/withdrawal/${event.id}`,
    expenseId,
    projectId,
    projectExternalId,
    reason,
  };
  return {
    seq,
    kind: 'deliver',
    deliveries: [
      commandDelivery(env.erpSystem, 'withdrawExpense', 'transactional', projectId, command.idempotencyKey, [
        command,
      ]),
    ],
  };
}
