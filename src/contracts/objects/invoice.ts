import { Type, type Static } from '@sinclair/typebox';
import {
  CanonicalId,
  CurrencyCode,
  DecimalString,
  LegalEntityCode,
  Money,
  PlainDate,
  ReferenceCode,
} from '../primitives.ts';

export const InvoiceStatus = Type.Union(
  [
    Type.Literal('draft'),
    Type.Literal('issued'),
    Type.Literal('part-paid'),
    Type.Literal('paid'),
    Type.Literal('void'),
  ],
  { description: 'Lifecycle state of the invoice in the ERP' },
);
export type InvoiceStatus = Static<typeof InvoiceStatus>;

/** `net` is quantity x unit price as the ERP rounded it; it is carried, not recomputed, to match the ERP. */
export const InvoiceLine = Type.Object(
  {
    description: Type.String({ minLength: 1, maxLength: 1000 }),
    quantity: DecimalString,
    unitPrice: Money,
    net: Money,
    taxCode: ReferenceCode,
    tax: Money,
    billingEventId: Type.Optional(CanonicalId),
    /** The approved time the line bills, when the ERP keeps that link (e.g. invoicing by timesheet). */
    timeEntryIds: Type.Optional(Type.Array(CanonicalId, { maxItems: 10_000 })),
  },
  { additionalProperties: false, $id: 'InvoiceLine' },
);
export type InvoiceLine = Static<typeof InvoiceLine>;

export const InvoiceTotals = Type.Object(
  { net: Money, tax: Money, gross: Money },
  { additionalProperties: false, $id: 'InvoiceTotals' },
);
export type InvoiceTotals = Static<typeof InvoiceTotals>;

/**
 * An invoice as the ERP holds it. Number and dates are optional because some ERPs (Tryton among them)
 * assign them only when the draft is issued; `IssuedInvoice` requires them.
 */
export const Invoice = Type.Object(
  {
    id: CanonicalId,
    number: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'e.g. "INV-2026-0042"' })),
    customerId: CanonicalId,
    projectId: CanonicalId,
    legalEntityId: LegalEntityCode,
    currency: CurrencyCode,
    issueDate: Type.Optional(PlainDate),
    dueDate: Type.Optional(PlainDate),
    lines: Type.Array(InvoiceLine, { minItems: 1, maxItems: 1000 }),
    totals: InvoiceTotals,
    status: InvoiceStatus,
  },
  { additionalProperties: false, $id: 'Invoice' },
);
export type Invoice = Static<typeof Invoice>;

/** An invoice past draft: it has its legal number and dates, and can no longer be a draft. */
export const IssuedInvoice = Type.Composite(
  [
    Type.Omit(Invoice, ['number', 'issueDate', 'dueDate', 'status']),
    Type.Object({
      number: Type.String({ minLength: 1, maxLength: 64 }),
      issueDate: PlainDate,
      dueDate: PlainDate,
      status: Type.Exclude(InvoiceStatus, Type.Literal('draft')),
    }),
  ],
  { additionalProperties: false, $id: 'IssuedInvoice' },
);
export type IssuedInvoice = Static<typeof IssuedInvoice>;
