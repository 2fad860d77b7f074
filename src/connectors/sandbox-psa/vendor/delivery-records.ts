// The PSA's delivery records beyond time: expenses, milestones, task plans and rate cards, as they appear
// in the activity feed and in look-ups. Vendor vocabulary on purpose (hotel, airfare, due_on); the
// connector maps it to the canonical one.
import { Type, type Static } from '@sinclair/typebox';
import {
  Amount,
  CalendarDate,
  CompanyCode,
  CurrencyCode,
  ExpenseId,
  Instant,
  MilestoneId,
  PlannedHours,
  ProjectId,
  Rate,
  RateCardId,
  TaskId,
  UserId,
  nullable,
} from './primitives.ts';

export const ExpenseCategory = Type.Union([
  Type.Literal('airfare'),
  Type.Literal('rail'),
  Type.Literal('taxi'),
  Type.Literal('hotel'),
  Type.Literal('meals'),
  Type.Literal('mileage'),
  Type.Literal('software'),
  Type.Literal('other'),
]);
export type ExpenseCategory = Static<typeof ExpenseCategory>;

/** `reviewed_*` are set once a manager approved or rejected it; a rejection carries its reason. */
export const expenseFields = {
  id: ExpenseId,
  user_id: UserId,
  project_id: ProjectId,
  spent_on: CalendarDate,
  category: ExpenseCategory,
  amount: Amount,
  currency: CurrencyCode,
  billable: Type.Boolean(),
  reimbursable: Type.Boolean(),
  receipt_ref: nullable(Type.String({ minLength: 1, maxLength: 200 })),
  description: Type.String({ minLength: 1, maxLength: 1000 }),
  status: Type.Union([Type.Literal('submitted'), Type.Literal('approved'), Type.Literal('rejected')]),
  reviewed_at: nullable(Instant),
  reviewed_by: nullable(UserId),
  rejection_reason: nullable(Type.String({ minLength: 1, maxLength: 500 })),
};
export const VendorExpense = Type.Object(expenseFields);
export type VendorExpense = Static<typeof VendorExpense>;

/** A fixed-fee project's billable deliverable. The PSA holds one contract per project: the project's. */
export const milestoneFields = {
  id: MilestoneId,
  project_id: ProjectId,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  due_on: CalendarDate,
  amount: Amount,
  currency: CurrencyCode,
  status: Type.Union([Type.Literal('planned'), Type.Literal('completed')]),
  completed_on: nullable(CalendarDate),
  completed_at: nullable(Instant),
};
export const VendorMilestone = Type.Object(milestoneFields);
export type VendorMilestone = Static<typeof VendorMilestone>;

export const VendorTask = Type.Object({
  id: TaskId,
  parent_id: nullable(TaskId),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  planned_hours: PlannedHours,
  billable: Type.Boolean(),
});
export type VendorTask = Static<typeof VendorTask>;

/** The whole tree of a project; `revision` goes up by one per change. Parents come before children. */
export const taskPlanFields = {
  project_id: ProjectId,
  revision: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  tasks: Type.Array(VendorTask, { maxItems: 5000 }),
};
export const VendorTaskPlan = Type.Object(taskPlanFields);
export type VendorTaskPlan = Static<typeof VendorTaskPlan>;

/** Exactly one of `role` and `user_id` per line: a named consultant's rate overrides their role's. */
export const VendorRateLine = Type.Object({
  role: nullable(Type.String({ minLength: 1, maxLength: 100 })),
  user_id: nullable(UserId),
  bill_rate: Rate,
});
export type VendorRateLine = Static<typeof VendorRateLine>;

export const rateCardFields = {
  id: RateCardId,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  company: CompanyCode,
  currency: CurrencyCode,
  effective_from: CalendarDate,
  lines: Type.Array(VendorRateLine, { minItems: 1, maxItems: 1000 }),
};
export const VendorRateCard = Type.Object(rateCardFields);
export type VendorRateCard = Static<typeof VendorRateCard>;
