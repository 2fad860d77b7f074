// The rules a schema cannot express for delivery records, shared by seeding and the admin actions: the
// references resolve, money is in the project's currency and needs no rounding, a review or completion
// is complete, a task tree lists parents before children, a rate line names a role or a person.
import { fitsMinorUnit } from '../vendor/amount.ts';
import type {
  VendorExpense,
  VendorMilestone,
  VendorRateCard,
  VendorTask,
} from '../vendor/delivery-records.ts';
import { isKnownCurrency } from './known-currency.ts';

/** What the checks need to know about the rest of the PSA. */
export interface DeliveryContext {
  hasUser(id: string): boolean;
  hasCompany(code: string): boolean;
  /** undefined: no such project; null: a project without a currency yet. */
  projectCurrency(id: string): string | null | undefined;
}

function money(at: string, amount: string, currency: string, problems: string[]): void {
  if (!isKnownCurrency(currency)) problems.push(`${at}/currency: unknown currency "${currency}"`);
  else if (!fitsMinorUnit(amount, currency))
    problems.push(`${at}/amount: ${amount} has more decimals than ${currency} allows`);
}

function inProjectCurrency(
  at: string,
  projectId: string,
  currency: string,
  context: DeliveryContext,
  problems: string[],
): void {
  const projectCurrency = context.projectCurrency(projectId);
  if (projectCurrency === undefined) problems.push(`${at}: unknown project "${projectId}"`);
  else if (projectCurrency !== null && projectCurrency !== currency)
    problems.push(`${at}: currency ${currency} differs from the project's ${projectCurrency}`);
}

export function expenseProblems(at: string, e: VendorExpense, context: DeliveryContext): string[] {
  const problems: string[] = [];
  if (!context.hasUser(e.user_id)) problems.push(`${at}: unknown user "${e.user_id}"`);
  inProjectCurrency(at, e.project_id, e.currency, context, problems);
  money(at, e.amount, e.currency, problems);
  const reviewed = e.status !== 'submitted';
  if (reviewed !== (e.reviewed_at !== null) || reviewed !== (e.reviewed_by !== null))
    problems.push(`${at}: reviewed_at and reviewed_by must be set exactly when approved or rejected`);
  if ((e.status === 'rejected') !== (e.rejection_reason !== null))
    problems.push(`${at}/rejection_reason: must be set exactly when rejected`);
  if (e.reviewed_by !== null && !context.hasUser(e.reviewed_by))
    problems.push(`${at}/reviewed_by: unknown user "${e.reviewed_by}"`);
  return problems;
}

export function milestoneProblems(at: string, m: VendorMilestone, context: DeliveryContext): string[] {
  const problems: string[] = [];
  inProjectCurrency(at, m.project_id, m.currency, context, problems);
  money(at, m.amount, m.currency, problems);
  const completed = m.status === 'completed';
  if (completed !== (m.completed_on !== null) || completed !== (m.completed_at !== null))
    problems.push(`${at}: completed_on and completed_at must be set exactly when completed`);
  return problems;
}

/** `taken`: task ids other projects' plans already use. */
export function taskPlanProblems(
  at: string,
  tasks: readonly VendorTask[],
  taken: (taskId: string) => boolean,
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  tasks.forEach((task, i) => {
    if (seen.has(task.id) || taken(task.id))
      problems.push(`${at}/tasks/${i}: task ${task.id} already exists`);
    if (task.parent_id !== null && !seen.has(task.parent_id))
      problems.push(`${at}/tasks/${i}/parent_id: ${task.parent_id} is not an earlier task of the plan`);
    seen.add(task.id);
  });
  return problems;
}

export function rateCardProblems(at: string, card: VendorRateCard, context: DeliveryContext): string[] {
  const problems: string[] = [];
  if (!context.hasCompany(card.company)) problems.push(`${at}: unknown company "${card.company}"`);
  if (!isKnownCurrency(card.currency)) problems.push(`${at}/currency: unknown currency "${card.currency}"`);
  const named = new Set<string>();
  card.lines.forEach((line, i) => {
    if ((line.role === null) === (line.user_id === null))
      problems.push(`${at}/lines/${i}: exactly one of role and user_id must be set`);
    if (line.user_id !== null && !context.hasUser(line.user_id))
      problems.push(`${at}/lines/${i}/user_id: unknown user "${line.user_id}"`);
    const name = line.role === null ? `user ${line.user_id ?? ''}` : `role ${line.role}`;
    if (named.has(name)) problems.push(`${at}/lines/${i}: ${name} has two rates`);
    named.add(name);
  });
  return problems;
}
