// What other systems write into the PSA: the client master (from the ERP), engagements (from won deals),
// and invoices and payments (from the ERP, so delivery managers see what was billed and paid). Request
// bodies are strict, as a vendor API checking its input is; the stored records add the PSA's own ids.
import { Type, type Static } from '@sinclair/typebox';
import {
  Amount,
  BillingMethod,
  CalendarDate,
  ClientId,
  CompanyCode,
  CurrencyCode,
  ExternalRef,
  Instant,
  ProjectId,
  nullable,
} from './primitives.ts';

const strict = { additionalProperties: false } as const;
const Name = Type.String({ minLength: 1, maxLength: 200 });

export const ClientWrite = Type.Object(
  {
    name: Name,
    legal_name: Type.Optional(nullable(Name)),
    billing_currency: Type.Optional(nullable(CurrencyCode)),
    active: Type.Boolean(),
  },
  strict,
);
export type ClientWrite = Static<typeof ClientWrite>;

/** A client as the PSA holds it; `external_ref` is the ERP's reference it was written under. */
export const VendorClient = Type.Object({
  id: ClientId,
  external_ref: nullable(ExternalRef),
  name: Name,
  legal_name: nullable(Name),
  billing_currency: nullable(CurrencyCode),
  active: Type.Boolean(),
});
export type VendorClient = Static<typeof VendorClient>;

export const MoneyValue = Type.Object({ amount: Amount, currency: CurrencyCode }, strict);

/** A delivery project created from a won deal; it stays a draft until finance completes its set-up. */
export const EngagementWrite = Type.Object(
  {
    client_id: ClientId,
    name: Name,
    code: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' }),
    billing_type: nullable(BillingMethod),
    start_date: CalendarDate,
    value: MoneyValue,
    currency: Type.Optional(nullable(CurrencyCode)),
    company: Type.Optional(nullable(CompanyCode)),
    opportunity_ref: Type.Optional(ExternalRef),
  },
  strict,
);
export type EngagementWrite = Static<typeof EngagementWrite>;

export const InvoiceStatus = Type.Union([
  Type.Literal('issued'),
  Type.Literal('part_paid'),
  Type.Literal('paid'),
  Type.Literal('void'),
]);
export type InvoiceStatus = Static<typeof InvoiceStatus>;

export const InvoiceWrite = Type.Object(
  {
    invoice_number: Type.String({ minLength: 1, maxLength: 64 }),
    invoice_ref: Type.Optional(ExternalRef),
    status: InvoiceStatus,
    currency: CurrencyCode,
    net: Amount,
    tax: Amount,
    gross: Amount,
    issued_on: CalendarDate,
    due_on: CalendarDate,
  },
  strict,
);
export type InvoiceWrite = Static<typeof InvoiceWrite>;

export const VendorInvoice = Type.Object({
  id: Type.String({ pattern: '^PI-[1-9][0-9]{0,9}$' }),
  project_id: ProjectId,
  invoice_number: Type.String({ minLength: 1, maxLength: 64 }),
  invoice_ref: nullable(ExternalRef),
  status: InvoiceStatus,
  currency: CurrencyCode,
  net: Amount,
  tax: Amount,
  gross: Amount,
  issued_on: CalendarDate,
  due_on: CalendarDate,
  updated_at: Instant,
});
export type VendorInvoice = Static<typeof VendorInvoice>;

export const PaymentMethod = Type.Union([
  Type.Literal('bank_transfer'),
  Type.Literal('direct_debit'),
  Type.Literal('card'),
  Type.Literal('cheque'),
  Type.Literal('other'),
]);
export type PaymentMethod = Static<typeof PaymentMethod>;

export const PaymentStatus = Type.Union([
  Type.Literal('received'),
  Type.Literal('allocated'),
  Type.Literal('reversed'),
]);
export type PaymentStatus = Static<typeof PaymentStatus>;

/** A payment is identified by the ERP's `payment_ref`: writing it again with a new status updates it. */
export const PaymentWrite = Type.Object(
  {
    payment_ref: ExternalRef,
    invoice_number: Type.String({ minLength: 1, maxLength: 64 }),
    amount: Amount,
    currency: CurrencyCode,
    received_on: CalendarDate,
    method: PaymentMethod,
    status: PaymentStatus,
    bank_reference: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  strict,
);
export type PaymentWrite = Static<typeof PaymentWrite>;

/** `invoice_status` is the invoice's status once this payment counted (reversed payments do not). */
export const VendorPayment = Type.Object({
  id: Type.String({ pattern: '^PP-[1-9][0-9]{0,9}$' }),
  project_id: ProjectId,
  payment_ref: ExternalRef,
  invoice_number: Type.String({ minLength: 1, maxLength: 64 }),
  amount: Amount,
  currency: CurrencyCode,
  received_on: CalendarDate,
  method: PaymentMethod,
  status: PaymentStatus,
  bank_reference: nullable(Type.String({ minLength: 1, maxLength: 200 })),
  invoice_status: InvoiceStatus,
  updated_at: Instant,
});
export type VendorPayment = Static<typeof VendorPayment>;
