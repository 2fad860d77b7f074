// The quote-to-cash demo's summary per workflow: how many events each workflow received, how far they got
// (delivered and confirmed, parked, rejected or dead) and why the refused ones were refused.
import type { DeadLetter, StoreStats } from '../../store/port.ts';

export interface Workflow {
  readonly name: string;
  /** The events that start it. */
  readonly types: readonly string[];
  /** The confirmation Ledgerline emits when the target has it; absent where completion is the record. */
  readonly confirmation?: string;
}

const t = (name: string) => `io.ledgerline.${name}.v1`;

export const workflows: readonly Workflow[] = [
  {
    name: 'customer master ERP -> PSA',
    types: [t('customer.created'), t('customer.updated')],
    confirmation: t('customer.synced'),
  },
  { name: 'won deal CRM -> PSA engagement', types: [t('opportunity.closed-won')] },
  // Contracts follow the provisioning of a won deal's project; each one is counted by its confirmation.
  { name: "won deal's contract -> ERP", types: [t('project.contracted')] },
  { name: 'project PSA -> ERP', types: [t('project.activated')], confirmation: t('project.provisioned') },
  { name: 'consultant cost rates', types: [t('resource.updated')] },
  { name: 'rate cards (price time without a rate)', types: [t('rate-card.changed')] },
  { name: 'approved time -> ERP', types: [t('time.approved')], confirmation: t('time.posted') },
  { name: 'approved expenses -> ERP', types: [t('expense.approved')], confirmation: t('expense.posted') },
  {
    name: 'milestone -> ERP billing release',
    types: [t('milestone.completed')],
    confirmation: t('billing-schedule.release-posted'),
  },
  {
    name: 'invoice ERP -> PSA',
    types: [t('invoice.issued')],
    confirmation: t('invoice.status-fed-back'),
  },
  {
    name: 'payment ERP -> PSA',
    types: [t('payment.received')],
    confirmation: t('payment.status-fed-back'),
  },
  { name: 'project closed -> ERP', types: [t('project.closed')] },
  { name: 'task plans (recorded)', types: [t('task-plan.changed')] },
  { name: 'not handled yet', types: [t('billing-schedule.released')] },
];

export interface WorkflowSummary {
  readonly workflow: string;
  /** Events received (every state). */
  readonly received: number;
  /** Delivered to their target (or recorded) and, where there is one, confirmed. */
  readonly completed: number;
  readonly confirmed: number | null;
  readonly inFlight: number;
  readonly parked: number;
  readonly rejected: number;
  readonly dead: number;
  /** Dead letters (open or not) of these events by reason code. */
  readonly reasons: Readonly<Record<string, number>>;
}

export function summarizeWorkflows(stats: StoreStats, deadLetters: readonly DeadLetter[]): WorkflowSummary[] {
  const state = (types: readonly string[], s: string) =>
    types.reduce((sum, type) => sum + (stats.eventsByType[type]?.[s] ?? 0), 0);
  return workflows.map((w) => {
    const reasons: Record<string, number> = {};
    for (const d of deadLetters)
      if (w.types.includes(d.eventType)) reasons[d.reasonCode] = (reasons[d.reasonCode] ?? 0) + 1;
    const all = w.types.reduce(
      (sum, type) => sum + Object.values(stats.eventsByType[type] ?? {}).reduce((a, b) => a + b, 0),
      0,
    );
    return {
      workflow: w.name,
      received: all,
      completed: state(w.types, 'completed'),
      confirmed: w.confirmation === undefined ? null : state([w.confirmation], 'completed'),
      inFlight: state(w.types, 'accepted') + state(w.types, 'delivering'),
      parked: state(w.types, 'parked'),
      rejected: state(w.types, 'rejected'),
      dead: state(w.types, 'dead'),
      reasons,
    };
  });
}
