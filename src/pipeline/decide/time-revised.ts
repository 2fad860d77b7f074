import type { EventOf } from '../../contracts/index.ts';
import type { RevisePostedTime } from '../../connectors/kit/commands.ts';
import type { ReadyProject } from '../../domain/readiness.ts';
import { planTimePostings } from '../../domain/time-postings.ts';
import type { Decision } from '../../store/port.ts';
import { commandDelivery } from '../command-payload.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';
import { withRateCardPrice } from './time-approved.ts';
import { awaitMaster, awaitProvisioned } from './waits.ts';

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
  const projectExternalId = ctx.externalId(entry.projectId, env.erpSystem);
  const project = ctx.master('project', entry.projectId);
  if (projectExternalId === undefined) return awaitProvisioned(seq, entry.projectId, env);
  if (!project) return awaitMaster(seq, 'project', entry.projectId, 'ProjectActivated');
  const resource = ctx.master('resource', entry.resourceId);
  if (!resource) return awaitMaster(seq, 'resource', entry.resourceId, 'ResourceUpdated');
  const ready = project.data as ReadyProject;
  const priced = withRateCardPrice(seq, entry, ready, resource.data, ctx);
  if ('kind' in priced) return priced;
  const plan = planTimePostings(priced, ready, resource.data);
  if (!plan.ok)
    return {
      seq,
      kind: 'reject',
      reasonCode: plan.reasonCode,
      reason: plan.reason,
      detail: { timeEntryId: entry.id },
    };

  const billable = plan.postings.find((p) => p.kind === 'billable-line');
  const cost = plan.postings.find((p) => p.kind === 'cost');
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
      ? { billable: { rate: billable.rate, amount: billable.amount, description: entry.description ?? '' } }
      : {}),
    cost: { costRate: cost.costRate, amount: cost.amount },
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
