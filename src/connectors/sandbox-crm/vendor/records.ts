// The sandbox CRM's own record shapes (snake_case, vendor ids, deal values in integer minor units). They
// are the vendor contract shared by the simulator and its connector and never leave this folder: the
// connector maps them to canonical events. Readers tolerate unknown extra fields, as a client of a real
// vendor API must.
import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** Account ids are chosen by whoever creates the account; they fit a canonical id's native part. */
export const accountIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const AccountId = Type.String({ pattern: accountIdPattern.source });
export const DealId = Type.String({ pattern: '^D-[0-9]{6,9}$' });
export const CurrencyCode = Type.String({ pattern: '^[A-Z]{3}$' });
export const entityCodePattern = /^[A-Z0-9][A-Z0-9-]{0,63}$/;
export const EntityCode = Type.String({ pattern: entityCodePattern.source });
/** Tax codes as the firm's ERP knows them; no surrounding whitespace. */
export const TaxCode = Type.String({ minLength: 1, maxLength: 64, pattern: '^\\S(.*\\S)?$' });
export const Instant = Type.String({ format: 'date-time' });
export const CalendarDate = Type.String({ format: 'date' });
/** Integer minor units (pence, cents, yen), small enough to be exact as a JSON number. */
export const MinorUnits = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

export const dealStages = ['qualification', 'proposal', 'negotiation', 'closed_won', 'closed_lost'] as const;
export const DealStage = Type.Union(dealStages.map((s) => Type.Literal(s)));
export type DealStage = (typeof dealStages)[number];
export const openStages: readonly DealStage[] = ['qualification', 'proposal', 'negotiation'];

export const BillingModel = Type.Union([
  Type.Literal('time_and_materials'),
  Type.Literal('fixed_price'),
  Type.Literal('retainer'),
  Type.Literal('non_billable'),
]);
export type BillingModel = Static<typeof BillingModel>;

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const accountFields = {
  id: AccountId,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  /** The firm's legal entity that usually contracts with this account. */
  legal_entity: nullable(EntityCode),
  default_currency: nullable(CurrencyCode),
};
export const VendorAccount = Type.Object({ ...accountFields, created_at: Instant });
export type VendorAccount = Static<typeof VendorAccount>;

/** What sales fills in about the deal itself. */
export const dealFields = {
  id: DealId,
  account_id: AccountId,
  title: Type.String({ minLength: 1, maxLength: 200 }),
  deal_value_minor: MinorUnits,
  currency_code: CurrencyCode,
  /** Expected close while open; the day it closed once closed. */
  close_date: nullable(CalendarDate),
  /** When delivery is planned to start. */
  start_date: CalendarDate,
  owner_email: Type.String({ minLength: 3, maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+$' }),
};

/** What finance needs before a won deal can be delivered and billed; sales often leaves it blank. */
export const financeFields = {
  booking_entity: nullable(EntityCode),
  billing_currency: nullable(CurrencyCode),
  billing_model: nullable(BillingModel),
  tax_code: nullable(TaxCode),
};
export const financeFieldNames = ['booking_entity', 'billing_currency', 'billing_model', 'tax_code'] as const;
export type FinanceFieldName = (typeof financeFieldNames)[number];

export const VendorDeal = Type.Object({
  ...dealFields,
  ...financeFields,
  stage: DealStage,
  created_at: Instant,
  updated_at: Instant,
});
export type VendorDeal = Static<typeof VendorDeal>;
