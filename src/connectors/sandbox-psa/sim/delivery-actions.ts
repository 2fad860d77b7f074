// The delivery workflow steps the admin API drives by hand, each published to the activity feed: a
// manager approving or rejecting (with a reason) a submitted expense, a milestone completed, a project's
// task plan or a rate card changed, a project closed.
import { Type, type Static } from '@sinclair/typebox';
import { FirmRateCard } from '../firm.ts';
import {
  VendorTask,
  type VendorExpense,
  type VendorMilestone,
  type VendorRateCard,
  type VendorTaskPlan,
} from '../vendor/delivery-records.ts';
import { CalendarDate, Instant, UserId, type VendorProject } from '../vendor/schemas.ts';
import { compileChecker } from '../../kit/schema-checker.ts';
import { rateCardProblems, taskPlanProblems, type DeliveryContext } from './check-delivery.ts';
import { checkInput } from './check-input.ts';
import { SandboxPsaError } from './errors.ts';
import type { PsaStore } from './store.ts';

const strict = { additionalProperties: false } as const;

export const ExpenseApproval = Type.Object(
  { approved_by: UserId, approved_at: Type.Optional(Instant) },
  strict,
);
export type ExpenseApproval = Static<typeof ExpenseApproval>;

export const ExpenseRejection = Type.Object(
  {
    rejected_by: UserId,
    reason: Type.String({ minLength: 1, maxLength: 500 }),
    rejected_at: Type.Optional(Instant),
  },
  strict,
);
export type ExpenseRejection = Static<typeof ExpenseRejection>;

export const MilestoneCompletion = Type.Object(
  { completed_on: CalendarDate, completed_at: Type.Optional(Instant) },
  strict,
);
export type MilestoneCompletion = Static<typeof MilestoneCompletion>;

export const TaskPlanChange = Type.Object({ tasks: Type.Array(VendorTask, { maxItems: 5000 }) }, strict);
export type TaskPlanChange = Static<typeof TaskPlanChange>;

export const ProjectClosure = Type.Object(
  { closed_on: CalendarDate, closed_at: Type.Optional(Instant) },
  strict,
);
export type ProjectClosure = Static<typeof ProjectClosure>;

export type RateCardChange = Omit<VendorRateCard, 'id'>;

const checkApproval = compileChecker(ExpenseApproval);
const checkRejection = compileChecker(ExpenseRejection);
const checkCompletion = compileChecker(MilestoneCompletion);
const checkTaskPlan = compileChecker(TaskPlanChange);
const checkClosure = compileChecker(ProjectClosure);
const checkRateCard = compileChecker(FirmRateCard);

function unprocessable(problems: readonly string[], what: string): void {
  if (problems.length > 0)
    throw new SandboxPsaError('unprocessable', `the ${what} is inconsistent`, problems);
}

function submittedExpense(store: PsaStore, id: string): VendorExpense {
  const expense = store.expenses.get(id);
  if (!expense) throw new SandboxPsaError('not_found', `no expense ${id}`);
  if (expense.status !== 'submitted')
    throw new SandboxPsaError('conflict', `expense ${id} is already ${expense.status}`);
  return expense;
}

function knownUser(store: PsaStore, id: string, role: string): void {
  if (!store.users.has(id)) throw new SandboxPsaError('unprocessable', `unknown ${role} "${id}"`);
}

export function approveExpense(store: PsaStore, id: string, body: unknown, now: string): VendorExpense {
  const input = checkInput(checkApproval, body, 'approval');
  const expense = submittedExpense(store, id);
  knownUser(store, input.approved_by, 'approver');
  const at = input.approved_at ?? now;
  const updated: VendorExpense = {
    ...expense,
    status: 'approved',
    reviewed_at: at,
    reviewed_by: input.approved_by,
  };
  store.expenses.set(id, updated);
  store.publish('expense.approved', updated, at);
  return updated;
}

export function rejectExpense(store: PsaStore, id: string, body: unknown, now: string): VendorExpense {
  const input = checkInput(checkRejection, body, 'rejection');
  const expense = submittedExpense(store, id);
  knownUser(store, input.rejected_by, 'reviewer');
  const at = input.rejected_at ?? now;
  const updated: VendorExpense = {
    ...expense,
    status: 'rejected',
    reviewed_at: at,
    reviewed_by: input.rejected_by,
    rejection_reason: input.reason,
  };
  store.expenses.set(id, updated);
  store.publish('expense.rejected', updated, at);
  return updated;
}

export function completeMilestone(store: PsaStore, id: string, body: unknown, now: string): VendorMilestone {
  const input = checkInput(checkCompletion, body, 'milestone completion');
  const milestone = store.milestones.get(id);
  if (!milestone) throw new SandboxPsaError('not_found', `no milestone ${id}`);
  if (milestone.status === 'completed')
    throw new SandboxPsaError('conflict', `milestone ${id} is already completed`);
  const at = input.completed_at ?? now;
  const updated: VendorMilestone = {
    ...milestone,
    status: 'completed',
    completed_on: input.completed_on,
    completed_at: at,
  };
  store.milestones.set(id, updated);
  store.publish('milestone.completed', updated, at);
  return updated;
}

function liveProject(store: PsaStore, id: string): VendorProject {
  const project = store.projects.get(id);
  if (!project) throw new SandboxPsaError('not_found', `no project ${id}`);
  if (project.status === 'closed') throw new SandboxPsaError('conflict', `project ${id} is closed`);
  return project;
}

export function changeTaskPlan(
  store: PsaStore,
  projectId: string,
  body: unknown,
  now: string,
): VendorTaskPlan {
  const input = checkInput(checkTaskPlan, body, 'task plan');
  liveProject(store, projectId);
  const elsewhere = new Set(
    [...store.taskPlans.values()]
      .filter((p) => p.project_id !== projectId)
      .flatMap((p) => p.tasks.map((t) => t.id)),
  );
  unprocessable(
    taskPlanProblems('', input.tasks, (taskId) => elsewhere.has(taskId)),
    'task plan',
  );
  const plan: VendorTaskPlan = {
    project_id: projectId,
    revision: (store.taskPlans.get(projectId)?.revision ?? 0) + 1,
    tasks: input.tasks,
  };
  store.taskPlans.set(projectId, plan);
  store.publish('task_plan.changed', plan, now);
  return plan;
}

/** A new card or new rates for a known one; the id comes from the path. */
export function changeRateCard(store: PsaStore, id: string, body: unknown, now: string): VendorRateCard {
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
  const card = checkInput(checkRateCard, { ...fields, id }, 'rate card');
  const context: DeliveryContext = {
    hasUser: (userId) => store.users.has(userId),
    hasCompany: (code) => store.companies.has(code),
    projectCurrency: (projectId) => {
      const project = store.projects.get(projectId);
      return project ? (project.currency ?? null) : undefined;
    },
  };
  unprocessable(rateCardProblems('', card, context), 'rate card');
  store.rateCards.set(id, card);
  store.publish('rate_card.changed', card, now);
  return card;
}

export function closeProject(store: PsaStore, id: string, body: unknown, now: string): VendorProject {
  const input = checkInput(checkClosure, body, 'closure');
  const project = liveProject(store, id);
  if (project.status !== 'active')
    throw new SandboxPsaError('conflict', `project ${id} was never activated; there is nothing to close`);
  const closed: VendorProject = { ...project, status: 'closed', closed_on: input.closed_on };
  store.projects.set(id, closed);
  store.publish('project.closed', closed, input.closed_at ?? now);
  return closed;
}
