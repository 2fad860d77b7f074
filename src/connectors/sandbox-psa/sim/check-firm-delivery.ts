// The firm check for clients, project closures and delivery records (see check-delivery.ts): ids unique,
// also against what is loaded; every record consistent with the users, companies and projects it names.
import type { Firm } from '../firm.ts';
import {
  expenseProblems,
  milestoneProblems,
  rateCardProblems,
  taskPlanProblems,
  type DeliveryContext,
} from './check-delivery.ts';
import type { PsaStore } from './store.ts';

export function checkFirmDelivery(
  firm: Firm,
  store: PsaStore,
  context: DeliveryContext,
  conflicts: string[],
  problems: string[],
): void {
  const unique = (what: string, at: string, id: string, ids: Set<string>, loaded: boolean): void => {
    if (loaded || ids.has(id)) conflicts.push(`${at}: ${what} ${id} already exists`);
    ids.add(id);
  };

  firm.projects.forEach((p, i) => {
    if ((p.status === 'closed') !== (p.closed_on !== undefined))
      problems.push(`/projects/${i}/closed_on: must be set exactly when the project is closed`);
  });

  const clientIds = new Set<string>();
  (firm.clients ?? []).forEach((c, i) => {
    unique('client', `/clients/${i}`, c.id, clientIds, store.clients.has(c.id));
  });

  const expenseIds = new Set<string>();
  (firm.expenses ?? []).forEach((e, i) => {
    unique('expense', `/expenses/${i}`, e.id, expenseIds, store.expenses.has(e.id));
    problems.push(...expenseProblems(`/expenses/${i}`, e, context));
  });

  const milestoneIds = new Set<string>();
  (firm.milestones ?? []).forEach((m, i) => {
    unique('milestone', `/milestones/${i}`, m.id, milestoneIds, store.milestones.has(m.id));
    problems.push(...milestoneProblems(`/milestones/${i}`, m, context));
  });

  const planned = new Set<string>();
  const loadedTasks = new Set([...store.taskPlans.values()].flatMap((p) => p.tasks.map((t) => t.id)));
  const firmTasks = new Set<string>();
  (firm.task_plans ?? []).forEach((plan, i) => {
    const at = `/task_plans/${i}`;
    unique('task plan of', at, plan.project_id, planned, store.taskPlans.has(plan.project_id));
    if (context.projectCurrency(plan.project_id) === undefined)
      problems.push(`${at}: unknown project "${plan.project_id}"`);
    problems.push(...taskPlanProblems(at, plan.tasks, (id) => loadedTasks.has(id) || firmTasks.has(id)));
    for (const task of plan.tasks) firmTasks.add(task.id);
  });

  const cardIds = new Set<string>();
  (firm.rate_cards ?? []).forEach((card, i) => {
    unique('rate card', `/rate_cards/${i}`, card.id, cardIds, store.rateCards.has(card.id));
    problems.push(...rateCardProblems(`/rate_cards/${i}`, card, context));
  });
}
