import type { EventOf } from '../../contracts/index.ts';
import { bookAmount } from '../../domain/finance/book-postings.ts';
import { bookOrWait } from './book-or-wait.ts';
import type { ReleaseBillingItem } from '../../connectors/kit/commands.ts';
import { parseCanonicalId } from '../../governance/domain-of.ts';
import type { Decision } from '../../store/port.ts';
import { commandDelivery } from '../command-payload.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';
import { governanceRefusal } from './governed.ts';
import { awaitMaster, awaitProvisioned } from './waits.ts';

/**
 * Milestone billing: completing a milestone of a fixed-fee or retainer project releases its billing
 * schedule item in the ERP, instead of billing lines. It waits (parked) for the project to be in the ERP.
 */
export function decideMilestoneCompleted(
  seq: number,
  event: EventOf<'MilestoneCompleted'>,
  ctx: BatchContext,
  env: DecideEnvironment,
): Decision {
  const milestone = event.data;
  const refused = governanceRefusal(seq, event, 'milestone', milestone.id, ['status'], env);
  if (refused) return refused;
  const projectExternalId = ctx.externalId(milestone.projectId, env.erpSystem);
  const project = ctx.master('project', milestone.projectId)?.data;
  // Provisioning records both the project and its cross-reference; park on whichever is missing.
  if (projectExternalId === undefined) return awaitProvisioned(seq, milestone.projectId, env);
  if (!project) return awaitMaster(seq, 'project', milestone.projectId, 'ProjectActivated');
  if (project.billingModel !== 'fixed-fee' && project.billingModel !== 'retainer')
    return {
      seq,
      kind: 'reject',
      reasonCode: 'billing.milestone_on_time_and_materials',
      reason: `${milestone.id} completed on ${milestone.projectId}, which is billed ${project.billingModel ?? 'without a billing model'}; only fixed-fee and retainer projects bill by milestone`,
      detail: { projectId: milestone.projectId, billingModel: project.billingModel ?? null },
    };
  const legalEntityId = project.legalEntityId;
  if (legalEntityId === undefined)
    return awaitMaster(seq, 'project', milestone.projectId, 'ProjectActivated');
  // Billed on the day it was completed (or, if the PSA does not say, its due date).
  const date = milestone.completedDate ?? milestone.dueDate;
  const booked = bookOrWait(
    seq,
    { what: 'milestone', id: milestone.id, date, detail: { milestoneId: milestone.id } },
    { id: milestone.projectId, legalEntityId },
    (inputs) => bookAmount(milestone.amount, inputs),
    ctx,
    env,
  );
  if ('kind' in booked) return booked;
  const native = parseCanonicalId(milestone.id);
  const command: ReleaseBillingItem = {
    kind: 'releaseBillingItem',
    idempotencyKey: `${milestone.id}/release`,
    milestoneId: milestone.id,
    billingItemId: `billing-schedule-item:${native?.system ?? 'unknown'}:${native?.nativeId ?? milestone.id}`,
    projectId: milestone.projectId,
    projectExternalId,
    amount: milestone.amount,
    description: milestone.name,
    // Always sent: a release has no date of its own, so the booking is where the ERP dates it.
    booking: booked.value,
  };
  return {
    seq,
    kind: 'deliver',
    deliveries: [
      commandDelivery(
        env.erpSystem,
        'releaseBillingItem',
        'transactional',
        milestone.projectId,
        command.idempotencyKey,
        [command],
      ),
    ],
  };
}
