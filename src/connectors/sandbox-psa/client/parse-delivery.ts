// Parses the delivery activities beyond time (expenses, milestones, task plans, rate cards, closures)
// into records the mapping can trust: whatever a state implies is present (an approval's reviewer, a
// completion's date), a tree lists parents first, a rate line names a role or a person.
import {
  VendorExpense,
  VendorMilestone,
  VendorRateCard,
  VendorTaskPlan,
  type VendorRateLine,
} from '../vendor/delivery-records.ts';
import { VendorProject } from '../vendor/schemas.ts';
import { compileChecker } from '../../kit/schema-checker.ts';

export interface ApprovedExpense extends Omit<VendorExpense, 'status' | 'reviewed_at' | 'reviewed_by'> {
  readonly reviewed_at: string;
  readonly reviewed_by: string;
}

export interface CompletedMilestone extends Omit<VendorMilestone, 'status' | 'completed_on'> {
  readonly completed_on: string;
}

export interface ClosedProject {
  readonly id: string;
  readonly closed_on: string;
}

export type RateLine =
  | { readonly role: string; readonly bill_rate: string }
  | { readonly user_id: string; readonly bill_rate: string };

export interface RateCard extends Omit<VendorRateCard, 'lines'> {
  readonly lines: readonly RateLine[];
}

export type DeliveryRecord =
  | { readonly kind: 'expense.approved'; readonly expense: ApprovedExpense }
  | { readonly kind: 'expense.rejected'; readonly expenseId: string }
  | { readonly kind: 'milestone.completed'; readonly milestone: CompletedMilestone }
  | { readonly kind: 'task_plan.changed'; readonly plan: VendorTaskPlan }
  | { readonly kind: 'rate_card.changed'; readonly card: RateCard }
  | { readonly kind: 'project.closed'; readonly project: ClosedProject };

export type DeliveryKind = DeliveryRecord['kind'];

type Parsed =
  { readonly ok: true; readonly record: DeliveryRecord } | { readonly ok: false; readonly errors: string[] };

const checkExpense = compileChecker(VendorExpense);
const checkMilestone = compileChecker(VendorMilestone);
const checkTaskPlan = compileChecker(VendorTaskPlan);
const checkRateCard = compileChecker(VendorRateCard);
const checkProject = compileChecker(VendorProject);

const refuse = (...errors: string[]): Parsed => ({ ok: false, errors });

export function parseDeliveryRecord(kind: DeliveryKind, object: unknown): Parsed {
  switch (kind) {
    case 'expense.approved':
    case 'expense.rejected': {
      const checked = checkExpense(object);
      if (!checked.ok) return refuse(...checked.errors);
      const { status, reviewed_at, reviewed_by, ...rest } = checked.value;
      if (reviewed_at === null || reviewed_by === null)
        return refuse('/reviewed_at and /reviewed_by must be set once reviewed');
      if (kind === 'expense.rejected')
        return status === 'rejected' && rest.rejection_reason !== null
          ? { ok: true, record: { kind, expenseId: rest.id } }
          : refuse('/status must be "rejected" with a rejection_reason');
      if (status !== 'approved') return refuse('/status must be "approved"');
      return { ok: true, record: { kind, expense: { ...rest, reviewed_at, reviewed_by } } };
    }
    case 'milestone.completed': {
      const checked = checkMilestone(object);
      if (!checked.ok) return refuse(...checked.errors);
      const { status, completed_on, ...rest } = checked.value;
      if (status !== 'completed' || completed_on === null)
        return refuse('/status must be "completed" with completed_on set');
      return { ok: true, record: { kind, milestone: { ...rest, completed_on } } };
    }
    case 'task_plan.changed': {
      const checked = checkTaskPlan(object);
      if (!checked.ok) return refuse(...checked.errors);
      const seen = new Set<string>();
      for (const [i, task] of checked.value.tasks.entries()) {
        if (seen.has(task.id)) return refuse(`/tasks/${i}/id ${task.id} appears twice`);
        if (task.parent_id !== null && !seen.has(task.parent_id))
          return refuse(`/tasks/${i}/parent_id ${task.parent_id} is not an earlier task`);
        seen.add(task.id);
      }
      return { ok: true, record: { kind, plan: checked.value } };
    }
    case 'rate_card.changed': {
      const checked = checkRateCard(object);
      if (!checked.ok) return refuse(...checked.errors);
      const lines: RateLine[] = [];
      for (const [i, line] of checked.value.lines.entries()) {
        const parsed = rateLine(line);
        if (!parsed) return refuse(`/lines/${i} must name exactly one of role and user_id`);
        lines.push(parsed);
      }
      return { ok: true, record: { kind, card: { ...checked.value, lines } } };
    }
    case 'project.closed': {
      const checked = checkProject(object);
      if (!checked.ok) return refuse(...checked.errors);
      const { id, status, closed_on } = checked.value;
      if (status !== 'closed' || closed_on === undefined)
        return refuse('/status must be "closed" with closed_on set');
      return { ok: true, record: { kind, project: { id, closed_on } } };
    }
  }
}

function rateLine(line: VendorRateLine): RateLine | undefined {
  if (line.role !== null && line.user_id === null) return { role: line.role, bill_rate: line.bill_rate };
  if (line.user_id !== null && line.role === null)
    return { user_id: line.user_id, bill_rate: line.bill_rate };
  return undefined;
}
