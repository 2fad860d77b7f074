import type { EventOf } from '../../contracts/index.ts';
import type { WithdrawPostedTime } from '../../connectors/kit/commands.ts';
import type { Decision } from '../../store/port.ts';
import { commandDelivery } from '../command-payload.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';
import { awaitProvisioned } from './waits.ts';

/**
 * A deleted or unapproved entry's postings are removed in the ERP. It waits for the project like the
 * approval did, so it is sent after the postings it removes (same project lane), never before them.
 */
export function decideTimeWithdrawn(
  seq: number,
  event: EventOf<'TimeWithdrawn'>,
  ctx: BatchContext,
  env: DecideEnvironment,
): Decision {
  const { timeEntryId, projectId, reason } = event.data;
  const projectExternalId = ctx.externalId(projectId, env.erpSystem);
  if (projectExternalId === undefined) return awaitProvisioned(seq, projectId, env);
  const idempotencyKey = `${timeEntryId}/withdrawal/${event.id}`;
  const command: WithdrawPostedTime = {
    kind: 'withdrawPostedTime',
    idempotencyKey,
    timeEntryId,
    projectId,
    projectExternalId,
    reason,
  };
  const delivery = commandDelivery(
    env.erpSystem,
    'withdrawPostedTime',
    'transactional',
    projectId,
    idempotencyKey,
    [command],
  );
  return { seq, kind: 'deliver', deliveries: [delivery] };
}
