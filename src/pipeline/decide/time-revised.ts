import type { EventOf } from '../../contracts/index.ts';
import type { RevisePostedTime } from '../../connectors/kit/commands.ts';
import type { Decision } from '../../store/port.ts';
import { commandDelivery } from '../command-payload.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';
import { planEntry } from './time-approved.ts';
import { bookingField } from '../../domain/finance/book-postings.ts';

/**
 * An approved entry changed in the PSA: its postings are planned again from the new state (same rules and
 * prices as a first approval) and sent as one revision, after the entry's earlier postings (same project
 * lane). Keyed by the revision event, so each change is applied once and a replay of it changes nothing.
 */
export function decideTimeRevised(
  seq: number,
  event: EventOf<'TimeRevised'>,
  ctx: BatchContext,
  env: DecideEnvironment,
): Decision {
  const entry = event.data;
  const planned = planEntry(seq, entry, ctx, env);
  if ('kind' in planned) return planned;
  const { projectExternalId } = planned;
  const billable = planned.postings.find((p) => p.kind === 'billable-line');
  const cost = planned.postings.find((p) => p.kind === 'cost');
  if (!cost) throw new Error(`a time posting plan always has a cost posting (${entry.id})`);
  const idempotencyKey = `${entry.id}/revision/${event.id}`;
  const command: RevisePostedTime = {
    kind: 'revisePostedTime',
    idempotencyKey,
    timeEntryId: entry.id,
    projectId: entry.projectId,
    projectExternalId,
    resourceId: entry.resourceId,
    workDate: entry.workDate,
    hours: entry.hours,
    ...(billable
      ? {
          billable: {
            rate: billable.rate,
            amount: billable.amount,
            description: entry.description ?? '',
            ...bookingField(billable.booking, entry.workDate),
            ...(billable.tax ? { tax: billable.tax } : {}),
          },
        }
      : {}),
    cost: { costRate: cost.costRate, amount: cost.amount, ...bookingField(cost.booking, entry.workDate) },
  };
  const delivery = commandDelivery(
    env.erpSystem,
    'revisePostedTime',
    'transactional',
    entry.projectId,
    idempotencyKey,
    [command],
  );
  return { seq, kind: 'deliver', deliveries: [delivery] };
}
