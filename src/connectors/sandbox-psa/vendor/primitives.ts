// The value formats of the sandbox PSA's wire vocabulary (ids, codes, rates, amounts, dates), shared by
// every record schema. Money travels as decimal text, never as a JSON number.
import { Type, type TSchema } from '@sinclair/typebox';

export const UserId = Type.String({ pattern: '^U-[1-9][0-9]{0,9}$' });
export const ProjectId = Type.String({ pattern: '^P-[1-9][0-9]{0,9}$' });
export const ClientId = Type.String({ pattern: '^C-[1-9][0-9]{0,9}$' });
export const TimeEntryId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
export const ExpenseId = Type.String({ pattern: '^E-[1-9][0-9]{0,9}$' });
export const MilestoneId = Type.String({ pattern: '^M-[1-9][0-9]{0,9}$' });
export const TaskId = Type.String({ pattern: '^TK-[1-9][0-9]{0,9}$' });
export const RateCardId = Type.String({ pattern: '^RC-[A-Z0-9][A-Z0-9-]{0,60}$' });
export const CompanyCode = Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{0,63}$' });
export const CurrencyCode = Type.String({ pattern: '^[A-Z]{3}$' });
/** Rates are decimal strings with exactly two decimals, e.g. "150.00" or "133.33". */
export const Rate = Type.String({ pattern: '^(0|[1-9][0-9]{0,8})\\.[0-9]{2}$' });
/** A non-negative amount as decimal text; `fitsMinorUnit` checks its decimals against the currency. */
export const Amount = Type.String({ pattern: '^(0|[1-9][0-9]{0,13})(\\.[0-9]{1,4})?$' });
/** Another system's id for a record (the ERP's customer, invoice or payment, the CRM's deal). */
export const ExternalRef = Type.String({ pattern: '^[A-Za-z0-9._:/-]{1,200}$' });
export const Instant = Type.String({ format: 'date-time' });
export const CalendarDate = Type.String({ format: 'date' });
/** Hours arrive as a JSON number; `hoursToDecimal` enforces the two-decimal rule the schema cannot. */
export const HoursNumber = Type.Number({ exclusiveMinimum: 0, maximum: 24 });
/** Planned effort is decimal text, unlike booked hours: a plan can run to thousands of hours. */
export const PlannedHours = Type.String({ pattern: '^(0|[1-9][0-9]{0,6})(\\.[0-9]{1,2})?$' });

export const TaxTreatment = Type.Union([
  Type.Literal('standard'),
  Type.Literal('reduced'),
  Type.Literal('zero-rated'),
  Type.Literal('exempt'),
  Type.Literal('reverse-charge'),
]);

export const BillingMethod = Type.Union([
  Type.Literal('time_and_materials'),
  Type.Literal('fixed_fee'),
  Type.Literal('retainer'),
  Type.Literal('non_billable'),
]);

export const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
