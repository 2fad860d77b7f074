// The sandbox PSA's own wire format (snake_case, native ids, hours as JSON numbers, rates as decimal
// strings). It is the vendor contract shared by the simulator and its connector, and it never leaves this
// folder: the connector maps it to canonical events. Readers tolerate unknown extra fields, as a client of
// a real vendor API must.
import { Type, type Static, type TSchema } from '@sinclair/typebox';

export const UserId = Type.String({ pattern: '^U-[1-9][0-9]{0,9}$' });
export const ProjectId = Type.String({ pattern: '^P-[1-9][0-9]{0,9}$' });
export const ClientId = Type.String({ pattern: '^C-[1-9][0-9]{0,9}$' });
export const TimeEntryId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
export const CompanyCode = Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{0,63}$' });
export const CurrencyCode = Type.String({ pattern: '^[A-Z]{3}$' });
/** Rates are decimal strings with exactly two decimals, e.g. "150.00" or "133.33". */
export const Rate = Type.String({ pattern: '^(0|[1-9][0-9]{0,8})\\.[0-9]{2}$' });
export const Instant = Type.String({ format: 'date-time' });
export const CalendarDate = Type.String({ format: 'date' });
/** Hours arrive as a JSON number; `hoursToDecimal` enforces the two-decimal rule the schema cannot. */
export const HoursNumber = Type.Number({ exclusiveMinimum: 0, maximum: 24 });

export const TaxTreatment = Type.Union([
  Type.Literal('standard'),
  Type.Literal('reduced'),
  Type.Literal('zero-rated'),
  Type.Literal('exempt'),
  Type.Literal('reverse-charge'),
]);
export type TaxTreatment = Static<typeof TaxTreatment>;

export const BillingMethod = Type.Union([
  Type.Literal('time_and_materials'),
  Type.Literal('fixed_fee'),
  Type.Literal('retainer'),
  Type.Literal('non_billable'),
]);
export type BillingMethod = Static<typeof BillingMethod>;

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const userFields = {
  id: UserId,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.String({ minLength: 3, maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+$' }),
  cost_rate: Rate,
  cost_currency: CurrencyCode,
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
  status: Type.Union([Type.Literal('draft'), Type.Literal('active')]),
  ...financeFields,
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

export const activityKinds = ['project.activated', 'user.updated', 'time_entry.approved'] as const;
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
  | ActivityBase<'time_entry.approved', VendorTimeEntry>;

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
