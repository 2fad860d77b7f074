// The order in which a seeded firm is published, as a real PSA would have emitted it over time: every
// consultant first, then the rate cards, then the project work by time (time approvals, expense reviews,
// milestone completions), each project activated just before its first item and its task plan right
// after, except "late" projects whose activation trails about half of their items (a real PSA lets time
// be approved while finance still holds the project back); closures last. A time-only firm is published
// exactly as before delivery records existed.
import type { Firm, FirmProject } from '../firm.ts';
import type {
  VendorExpense,
  VendorMilestone,
  VendorRateCard,
  VendorTaskPlan,
} from '../vendor/delivery-records.ts';
import type { VendorTimeEntry, VendorUser } from '../vendor/schemas.ts';

export type SeedStep =
  | { readonly kind: 'user.updated'; readonly user: VendorUser }
  | { readonly kind: 'rate_card.changed'; readonly card: VendorRateCard }
  | { readonly kind: 'project.activated'; readonly project: FirmProject }
  | { readonly kind: 'task_plan.changed'; readonly plan: VendorTaskPlan }
  | { readonly kind: 'time_entry.approved'; readonly entry: VendorTimeEntry }
  | { readonly kind: 'expense.approved' | 'expense.rejected'; readonly expense: VendorExpense }
  | { readonly kind: 'milestone.completed'; readonly milestone: VendorMilestone }
  | { readonly kind: 'project.closed'; readonly project: FirmProject };

type ItemStep = Extract<
  SeedStep,
  { kind: 'time_entry.approved' | 'expense.approved' | 'expense.rejected' | 'milestone.completed' }
>;

interface Dated {
  readonly step: ItemStep;
  readonly projectId: string;
  readonly at: number;
  /** Time, then expenses, then milestones at the same instant; then by number. */
  readonly rank: number;
  readonly serial: number;
}

const serialOf = (id: string): number => Number(id.slice(id.indexOf('-') + 1));

function datedItems(firm: Firm): Dated[] {
  const items: Dated[] = [];
  for (const entry of firm.time_entries)
    if (entry.status === 'approved')
      items.push({
        step: { kind: 'time_entry.approved', entry },
        projectId: entry.project_id,
        at: Date.parse(entry.approved_at ?? ''),
        rank: 0,
        serial: entry.id,
      });
  for (const expense of firm.expenses ?? [])
    if (expense.status !== 'submitted')
      items.push({
        step: { kind: expense.status === 'approved' ? 'expense.approved' : 'expense.rejected', expense },
        projectId: expense.project_id,
        at: Date.parse(expense.reviewed_at ?? ''),
        rank: 1,
        serial: serialOf(expense.id),
      });
  for (const milestone of firm.milestones ?? [])
    if (milestone.status === 'completed')
      items.push({
        step: { kind: 'milestone.completed', milestone },
        projectId: milestone.project_id,
        at: Date.parse(milestone.completed_at ?? ''),
        rank: 2,
        serial: serialOf(milestone.id),
      });
  return items.sort((a, b) => a.at - b.at || a.rank - b.rank || a.serial - b.serial);
}

export function seedOrder(firm: Firm): SeedStep[] {
  const steps: SeedStep[] = firm.users.map((user) => ({ kind: 'user.updated', user }));
  for (const card of firm.rate_cards ?? []) steps.push({ kind: 'rate_card.changed', card });

  const plans = new Map((firm.task_plans ?? []).map((plan) => [plan.project_id, plan]));
  const activate = (project: FirmProject): void => {
    steps.push({ kind: 'project.activated', project });
    const plan = plans.get(project.id);
    if (plan) steps.push({ kind: 'task_plan.changed', plan });
  };

  const items = datedItems(firm);
  const itemCount = new Map<string, number>();
  for (const { projectId } of items) itemCount.set(projectId, (itemCount.get(projectId) ?? 0) + 1);

  // For each project still to activate: how many of its items go out before the activation.
  const pending = new Map<string, { project: FirmProject; before: number }>();
  for (const project of firm.projects) {
    if (project.status === 'draft') continue;
    const count = itemCount.get(project.id) ?? 0;
    if (count === 0) activate(project);
    else pending.set(project.id, { project, before: project.late ? Math.max(1, Math.floor(count / 2)) : 0 });
  }

  const published = new Map<string, number>();
  const activateWhenDue = (projectId: string): void => {
    const p = pending.get(projectId);
    if (p && p.before === (published.get(projectId) ?? 0)) {
      activate(p.project);
      pending.delete(projectId);
    }
  };
  for (const { step, projectId } of items) {
    activateWhenDue(projectId);
    steps.push(step);
    published.set(projectId, (published.get(projectId) ?? 0) + 1);
    activateWhenDue(projectId);
  }

  const closed = firm.projects.filter((p) => p.status === 'closed');
  closed.sort(
    (a, b) => (a.closed_on ?? '').localeCompare(b.closed_on ?? '') || serialOf(a.id) - serialOf(b.id),
  );
  for (const project of closed) steps.push({ kind: 'project.closed', project });
  return steps;
}
