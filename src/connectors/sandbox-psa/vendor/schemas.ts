// The sandbox PSA's own wire format (snake_case, native ids, hours as JSON numbers, rates as decimal
// strings). It is the vendor contract shared by the simulator and its connector, and it never leaves this
// folder: the connector maps it to canonical events. Readers tolerate unknown extra fields, as a client of
// a real vendor API must.
import { Type, type Static } from '@sinclair/typebox';
import {
  Amount,
  BillingMethod,
  CalendarDate,
  ClientId,
  CompanyCode,
  CurrencyCode,
  ExternalRef,
  HoursNumber,
  Instant,
  ProjectId,
  Rate,
  TaxTreatment,
  TimeEntryId,
  UserId,
  nullable,
} from './primitives.ts';
import type { VendorExpense, VendorMilestone, VendorRateCard, VendorTaskPlan } from './delivery-records.ts';

export {
  BillingMethod,
  CalendarDate,
  ClientId,
  CompanyCode,
  CurrencyCode,
  HoursNumber,
  Instant,
  ProjectId,
  Rate,
  TaxTreatment,
  TimeEntryId,
  UserId,
} from './primitives.ts';
export type TaxTreatment = Static<typeof TaxTreatment>;
export type BillingMethod = Static<typeof BillingMethod>;

export const userFields = {
  id: UserId,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.String({ minLength: 3, maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+$' }),
  cost_rate: Rate,
  cost_currency: CurrencyCode,
  /** The role rate cards price the consultant's time by. */
  role: Type.Optional(nullable(Type.String({ minLength: 1, maxLength: 100 }))),
};
export const VendorUser = Type.Object(userFields);
export type VendorUser = Static<typeof VendorUser>;

/** Finance fields a project may still lack when delivery activates it. */
export const financeFields = {
  company: Type.Optional(nullable(CompanyCode)),
  currency: Type.Optional(nullable(CurrencyCode)),
  tax_treatment: Type.Optional(nullable(TaxTreatment)),
  billing_method: Type.Optional(nullable(BillingMethod)),
};
export const financeFieldNames = ['company', 'currency', 'tax_treatment', 'billing_method'] as const;
export type FinanceFieldName = (typeof financeFieldNames)[number];

export const projectFields = {
  id: ProjectId,
  code: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  client_id: ClientId,
  client_name: Type.String({ minLength: 1, maxLength: 200 }),
  status: Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('closed')]),
  ...financeFields,
  // Set on engagements created through the API, and on closure; absent on older records.
  start_date: Type.Optional(CalendarDate),
  /** The value of the won deal it was created from, in the deal's currency. */
  contract_value: Type.Optional(Type.Object({ amount: Amount, currency: CurrencyCode })),
  opportunity_ref: Type.Optional(ExternalRef),
  closed_on: Type.Optional(CalendarDate),
};
export const VendorProject = Type.Object(projectFields);
export type VendorProject = Static<typeof VendorProject>;

export const timeEntryFields = {
  id: TimeEntryId,
  user_id: UserId,
  project_id: ProjectId,
  spent_on: CalendarDate,
  hours: HoursNumber,
  billable: Type.Boolean(),
  /** Present (not null) exactly when billable; in `currency`, the project's pricing currency. */
  bill_rate: nullable(Rate),
  currency: CurrencyCode,
  notes: Type.String({ maxLength: 1000 }),
  status: Type.Union([Type.Literal('submitted'), Type.Literal('approved')]),
  approved_at: nullable(Instant),
  approved_by: nullable(UserId),
};
export const VendorTimeEntry = Type.Object(timeEntryFields);
export type VendorTimeEntry = Static<typeof VendorTimeEntry>;

export const activityKinds = [
  'project.activated',
  'user.updated',
  'time_entry.approved',
  'expense.approved',
  'expense.rejected',
  'milestone.completed',
  'task_plan.changed',
  'rate_card.changed',
  'project.closed',
] as const;
export type ActivityKind = (typeof activityKinds)[number];

/** An activity as read off the wire, before its `object` is checked against its kind. */
export const ActivityEnvelope = Type.Object({
  id: Type.String({ pattern: '^act_[1-9][0-9]{0,15}$' }),
  seq: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  kind: Type.String({ minLength: 1, maxLength: 100 }),
  occurred_at: Instant,
  object: Type.Unknown(),
});

/** A checked activity: the snapshot matches the kind. */
export type VendorActivity =
  | ActivityBase<'project.activated', VendorProject>
  | ActivityBase<'user.updated', VendorUser>
  | ActivityBase<'time_entry.approved', VendorTimeEntry>
  | ActivityBase<'expense.approved', VendorExpense>
  | ActivityBase<'expense.rejected', VendorExpense>
  | ActivityBase<'milestone.completed', VendorMilestone>
  | ActivityBase<'task_plan.changed', VendorTaskPlan>
  | ActivityBase<'rate_card.changed', VendorRateCard>
  | ActivityBase<'project.closed', VendorProject>;

interface ActivityBase<K extends ActivityKind, O> {
  readonly id: string;
  readonly seq: number;
  readonly kind: K;
  readonly occurred_at: string;
  readonly object: O;
}

export const ActivityPage = Type.Object({
  activities: Type.Array(Type.Unknown()),
  next_after: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  has_more: Type.Boolean(),
});

export const WebhookEnvelope = Type.Object({ activity: Type.Unknown() });

export const activitiesPath = '/api/v2/activities';
export const maxActivitiesPageSize = 1000;
