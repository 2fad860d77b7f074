// Delivery records beyond time -> canonical event payloads. Vendor categories fold into the canonical
// ones; rates and amounts keep their exact decimal text. The PSA holds one contract per project, so a
// milestone's contract is named after its project.
import type { Expense, ExpenseCategory, Milestone, RateCard, TaskPlan } from '../../../contracts/index.ts';
import type { ExpenseCategory as VendorCategory, VendorTaskPlan } from '../vendor/delivery-records.ts';
import { canonicalId } from './canonical-ids.ts';
import type { ApprovedExpense, CompletedMilestone, RateCard as ParsedRateCard } from './parse-delivery.ts';

const categories: Readonly<Record<VendorCategory, ExpenseCategory>> = {
  airfare: 'travel',
  rail: 'travel',
  taxi: 'travel',
  hotel: 'accommodation',
  meals: 'meals',
  mileage: 'mileage',
  software: 'software',
  other: 'other',
};

export function toExpense(e: ApprovedExpense, system: string): Expense {
  return {
    id: canonicalId('expense', system, e.id),
    projectId: canonicalId('project', system, e.project_id),
    resourceId: canonicalId('resource', system, e.user_id),
    incurredDate: e.spent_on,
    category: categories[e.category],
    amount: { amount: e.amount, currency: e.currency },
    billable: e.billable,
    reimbursable: e.reimbursable,
    ...(e.receipt_ref !== null && { receiptReference: e.receipt_ref }),
    description: e.description,
    approvedAt: e.reviewed_at,
    approvedBy: canonicalId('resource', system, e.reviewed_by),
  };
}

export function toMilestone(m: CompletedMilestone, system: string): Milestone {
  return {
    id: canonicalId('milestone', system, m.id),
    projectId: canonicalId('project', system, m.project_id),
    contractId: canonicalId('contract', system, m.project_id),
    name: m.name,
    dueDate: m.due_on,
    amount: { amount: m.amount, currency: m.currency },
    status: 'completed',
    completedDate: m.completed_on,
  };
}

export function toTaskPlan(plan: VendorTaskPlan, system: string): TaskPlan {
  const projectId = canonicalId('project', system, plan.project_id);
  return {
    projectId,
    tasks: plan.tasks.map((t) => ({
      id: canonicalId('task', system, t.id),
      projectId,
      ...(t.parent_id !== null && { parentTaskId: canonicalId('task', system, t.parent_id) }),
      name: t.name,
      plannedHours: t.planned_hours,
      billable: t.billable,
    })),
  };
}

export function toRateCard(card: ParsedRateCard, system: string): RateCard {
  const money = (amount: string) => ({ amount, currency: card.currency });
  return {
    id: canonicalId('rate-card', system, card.id),
    name: card.name,
    currency: card.currency,
    legalEntityId: card.company,
    effectiveFrom: card.effective_from,
    lines: card.lines.map((line) =>
      'role' in line
        ? { role: line.role, billRate: money(line.bill_rate) }
        : { resourceId: canonicalId('resource', system, line.user_id), billRate: money(line.bill_rate) },
    ),
  };
}
