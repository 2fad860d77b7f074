// The ERP's receivables vocabulary: the customer master (parties), invoices, payments and the change
// feed that publishes them. Shared by the simulator (which builds these records) and the connector
// (which validates them at the edge, tolerating unknown extra fields as a client of a real vendor must).
// Like wire.ts, nothing outside this folder may import it.
import { Type, type Static } from '@sinclair/typebox';

const text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Decimal = Type.String({ pattern: '^-?(0|[1-9][0-9]{0,14})(\\.[0-9]{1,6})?$' });
const CalendarDate = Type.String({ format: 'date' });
const Timestamp = Type.String({ format: 'date-time' });
const Currency = Type.String({ pattern: '^[A-Z]{3}$' });

/** Party codes are the ERP's customer numbers; kept to characters that survive in ids and URLs. */
export const PARTY_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const PartyAddress = Type.Object({
  street: Type.Array(text(200), { minItems: 1, maxItems: 4 }),
  city: text(100),
  region: Type.Optional(text(100)),
  postcode: Type.Optional(text(20)),
  country: Type.String({ pattern: '^[A-Z]{2}$' }),
});
export type PartyAddress = Static<typeof PartyAddress>;

export const VendorParty = Type.Object({
  party_code: Type.String({ pattern: PARTY_CODE.source }),
  legal_name: text(200),
  trade_name: Type.Optional(text(200)),
  vat_number: Type.Optional(text(64)),
  billing_address: Type.Optional(PartyAddress),
  currency: Currency,
  company: text(64),
  payment_terms_days: Type.Integer({ minimum: 0, maximum: 365 }),
  active: Type.Boolean(),
});
export type VendorParty = Static<typeof VendorParty>;

export type InvoiceStatus = 'issued' | 'part_paid' | 'paid';
const InvoiceStatus = Type.Union([Type.Literal('issued'), Type.Literal('part_paid'), Type.Literal('paid')]);

/** What an invoice line bills: a time billing line, a rebillable expense or a released billing item. */
export type InvoiceItemKind = 'time' | 'expense' | 'milestone';

export const VendorInvoiceLine = Type.Object({
  line_no: Type.Integer({ minimum: 1 }),
  /** The ERP's id of what is billed: BL-, EX- or BR-. */
  item_id: text(64),
  item_kind: Type.Union([Type.Literal('time'), Type.Literal('expense'), Type.Literal('milestone')]),
  /** The client's reference of what is billed (time entry, expense or billing item). */
  source_ref: text(200),
  description: text(1000),
  quantity: Decimal,
  unit_price: Decimal,
  net: Decimal,
  tax_code: text(64),
  /** Percent, e.g. "20". */
  tax_rate: Decimal,
  tax: Decimal,
});
export type VendorInvoiceLine = Static<typeof VendorInvoiceLine>;

export const VendorInvoice = Type.Object({
  invoice_number: Type.String({ pattern: '^[A-Z0-9]{1,10}-[0-9]{4}-[0-9]{6,}$' }),
  company: text(64),
  project_id: text(64),
  project_code: text(64),
  /** The client's own id of the project (`source_ref` when it was created), when it gave one. */
  project_ref: Type.Optional(text(200)),
  party_code: Type.String({ pattern: PARTY_CODE.source }),
  currency: Currency,
  issue_date: CalendarDate,
  due_date: CalendarDate,
  lines: Type.Array(VendorInvoiceLine, { minItems: 1, maxItems: 1000 }),
  net_total: Decimal,
  tax_total: Decimal,
  gross_total: Decimal,
  amount_paid: Decimal,
  status: InvoiceStatus,
});
export type VendorInvoice = Static<typeof VendorInvoice>;

export type PaymentMethod = 'bank_transfer' | 'direct_debit' | 'card' | 'cheque' | 'other';
export const paymentMethods: readonly PaymentMethod[] = [
  'bank_transfer',
  'direct_debit',
  'card',
  'cheque',
  'other',
];

export const VendorPayment = Type.Object({
  payment_id: text(64),
  invoice_number: text(64),
  project_id: text(64),
  project_ref: Type.Optional(text(200)),
  amount: Decimal,
  currency: Currency,
  date: CalendarDate,
  method: Type.Union(paymentMethods.map((m) => Type.Literal(m))),
  reference: Type.Optional(text(200)),
  /** The invoice's status once this payment was applied. */
  invoice_status: InvoiceStatus,
});
export type VendorPayment = Static<typeof VendorPayment>;

/** One unit of `from_currency` is `rate` units of `to_currency` from `valid_from`. */
export const VendorFxRate = Type.Object({
  from_currency: Currency,
  to_currency: Currency,
  valid_from: CalendarDate,
  rate: Type.String({ pattern: '^(0|[1-9][0-9]{0,9})(\\.[0-9]{1,10})?$' }),
  source: text(200),
});
export type VendorFxRate = Static<typeof VendorFxRate>;

export const VendorTaxRate = Type.Object({
  company: text(64),
  tax_code: text(64),
  valid_from: CalendarDate,
  rate_percent: Type.String({ pattern: '^(100(\\.0{1,4})?|[1-9]?[0-9](\\.[0-9]{1,4})?)$' }),
});
export type VendorTaxRate = Static<typeof VendorTaxRate>;

export const VendorPeriod = Type.Object({
  company: text(64),
  period: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' }),
  state: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
});
export type VendorPeriod = Static<typeof VendorPeriod>;

export type ChangeType =
  | 'party.created'
  | 'party.updated'
  | 'invoice.issued'
  | 'payment.received'
  | 'fx_rate.published'
  | 'tax_rate.changed'
  | 'period.changed';

/** What every change has, whatever its type; a reader skips types it does not know. */
export const ChangeHeader = Type.Object({
  change_id: text(64),
  type: text(64),
  occurred_at: Timestamp,
});

export const PartyChange = Type.Object({
  change_id: text(64),
  type: Type.Union([Type.Literal('party.created'), Type.Literal('party.updated')]),
  occurred_at: Timestamp,
  party: VendorParty,
});
export const InvoiceChange = Type.Object({
  change_id: text(64),
  type: Type.Literal('invoice.issued'),
  occurred_at: Timestamp,
  invoice: VendorInvoice,
});
export const PaymentChange = Type.Object({
  change_id: text(64),
  type: Type.Literal('payment.received'),
  occurred_at: Timestamp,
  payment: VendorPayment,
});
export const FxRateChange = Type.Object({
  change_id: text(64),
  type: Type.Literal('fx_rate.published'),
  occurred_at: Timestamp,
  fx_rate: VendorFxRate,
});
export const TaxRateChange = Type.Object({
  change_id: text(64),
  type: Type.Literal('tax_rate.changed'),
  occurred_at: Timestamp,
  tax_rate: VendorTaxRate,
});
export const PeriodChange = Type.Object({
  change_id: text(64),
  type: Type.Literal('period.changed'),
  occurred_at: Timestamp,
  period: VendorPeriod,
});
export type FxRateChange = Static<typeof FxRateChange>;
export type TaxRateChange = Static<typeof TaxRateChange>;
export type PeriodChange = Static<typeof PeriodChange>;
export type PartyChange = Static<typeof PartyChange>;
export type InvoiceChange = Static<typeof InvoiceChange>;
export type PaymentChange = Static<typeof PaymentChange>;
/** A change carries a snapshot of its object as it was then, so reading it again gives the same answer. */
export type VendorChange =
  PartyChange | InvoiceChange | PaymentChange | FxRateChange | TaxRateChange | PeriodChange;

/** GET /erp/v1/changes: `next_after` is the last change id of the page (or `after` when it is empty). */
export const ChangePage = Type.Object({
  data: Type.Array(Type.Unknown(), { maxItems: 1000 }),
  has_more: Type.Boolean(),
  next_after: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()]),
});

export const changesPath = '/erp/v1/changes';
export const MAX_FEED_PAGE = 1000;
