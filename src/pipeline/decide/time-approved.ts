import type { EventOf } from '../../contracts/index.ts';
import type { PostBillableLine, PostCost } from '../../connectors/kit/commands.ts';
import type { ReadyProject } from '../../domain/readiness.ts';
import { planTimePostings } from '../../domain/time-postings.ts';
import type { Decision } from '../../store/port.ts';
import { commandDelivery } from '../command-payload.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';
import { awaitMaster, awaitProvisioned } from './waits.ts';
import { priceFromRateCards } from '../../domain/rate-card-pricing.ts';
import { bookingField, bookPostings, type BookedPosting } from '../../domain/finance/book-postings.ts';
import { bookOrWait } from './book-or-wait.ts';
import type { Resource, TimeEntry } from '../../contracts/index.ts';

/**
 * A billable entry the PSA did not price takes the rate of its project's legal entity's rate card in
 * force on the work date; it waits for a card if the entity has none yet, and is refused when the card
 * has no line for the consultant or their role.
 */
function withRateCardPrice(
  seq: number,
  entry: TimeEntry,
  project: ReadyProject,
  resource: Resource,
  ctx: BatchContext,
): TimeEntry | Decision {
  if (!entry.billable || entry.billRate !== undefined) return entry;
  const book = ctx.master('rate-card', project.legalEntityId);
  if (!book) return awaitMaster(seq, 'rate-card', project.legalEntityId, 'RateCardChanged for');
  const pricing = priceFromRateCards(book.data, {
    currency: project.currency,
    workDate: entry.workDate,
    resourceId: entry.resourceId,
    role: resource.role,
  });
  if (!pricing.ok)
    return {
      seq,
      kind: 'reject',
      reasonCode: pricing.reasonCode,
      reason: `time entry ${entry.id} cannot be priced: ${pricing.reason}`,
      detail: { timeEntryId: entry.id, projectId: entry.projectId },
    };
  return { ...entry, billRate: pricing.rate };
}

/** An entry's postings as planned and booked, with the ERP's id of its project. */
export interface PlannedEntry {
  readonly projectExternalId: string;
  readonly postings: readonly BookedPosting[];
}

/**
 * What every posting of approved time waits for and checks, for a first approval and a revision alike:
 * the project in the ERP, its finance data and the resource's cost rate (else it parks), a rate (else
 * it is priced from a rate card, or refused), then the postings' amounts.
 */
export function planEntry(
  seq: number,
  entry: TimeEntry,
  ctx: BatchContext,
  env: DecideEnvironment,
): PlannedEntry | Decision {
  const projectExternalId = ctx.externalId(entry.projectId, env.erpSystem);
  const project = ctx.master('project', entry.projectId);
  // Park on what is missing: parking on a dependency that already holds would only come straight back.
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
  const booked = bookOrWait(
    seq,
    { what: 'time entry', id: entry.id, date: entry.workDate, detail: { timeEntryId: entry.id } },
    ready,
    (inputs) => bookPostings(plan.postings, inputs),
    ctx,
    env,
  );
  if ('kind' in booked) return booked;
  return { projectExternalId, postings: booked.value };
}

/**
 * Approved time waits (parked) until its project exists in the ERP and its resource's cost rate is
 * known; then it becomes a billable line and a cost posting, keyed by the time entry.
 */
export function decideTimeApproved(
  seq: number,
  event: EventOf<'TimeApproved'>,
  ctx: BatchContext,
  env: DecideEnvironment,
): Decision {
  const entry = event.data;
  const planned = planEntry(seq, entry, ctx, env);
  if ('kind' in planned) return planned;
  const { projectExternalId } = planned;
  const base = {
    timeEntryId: entry.id,
    projectId: entry.projectId,
    projectExternalId,
    resourceId: entry.resourceId,
    workDate: entry.workDate,
    hours: entry.hours,
  };
  const commands = planned.postings.map((posting): PostBillableLine | PostCost =>
    posting.kind === 'billable-line'
      ? {
          kind: 'postBillableLine',
          idempotencyKey: posting.idempotencyKey,
          ...base,
          rate: posting.rate,
          amount: posting.amount,
          description: entry.description ?? '',
          ...bookingField(posting.booking, entry.workDate),
          ...(posting.tax ? { tax: posting.tax } : {}),
        }
      : {
          kind: 'postCost',
          idempotencyKey: posting.idempotencyKey,
          ...base,
          costRate: posting.costRate,
          amount: posting.amount,
          ...bookingField(posting.booking, entry.workDate),
        },
  );
  // Both postings travel in one outbox row; each keeps its own idempotency key at the ERP.
  const delivery = commandDelivery(
    env.erpSystem,
    'postTimeEntry',
    'transactional',
    entry.projectId,
    `${entry.id}/postings`,
    commands,
  );
  return { seq, kind: 'deliver', deliveries: [delivery] };
}
