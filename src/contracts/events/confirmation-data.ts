// Payloads of the confirmations Ledgerline emits once a target system has accepted a write. Each names
// the canonical object and the target's own id for it, which becomes the cross-reference.
import { Type, type Static } from '@sinclair/typebox';
import { CanonicalId, Money } from '../primitives.ts';
import { InvoiceStatus } from '../objects/invoice.ts';
import { PaymentStatus } from '../objects/payment.ts';

const system = Type.String({ minLength: 1, description: 'The system written to, e.g. "sandbox-erp"' });
const externalId = Type.String({ minLength: 1, description: "That system's id for the record" });

export const ProjectProvisionedData = Type.Object(
  {
    projectId: CanonicalId,
    system,
    externalId,
    /** The won deal the project came from: its contract is created in the ERP next. */
    opportunityId: Type.Optional(CanonicalId),
  },
  { additionalProperties: false },
);

export const PostingKind = Type.Union([Type.Literal('billable-line'), Type.Literal('cost')]);
export type PostingKind = Static<typeof PostingKind>;

const Posting = Type.Object(
  {
    kind: PostingKind,
    system,
    externalId,
    amount: Money,
    idempotencyKey: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);

export const TimePostedData = Type.Object(
  {
    timeEntryId: CanonicalId,
    projectId: CanonicalId,
    postings: Type.Array(Posting, { minItems: 1 }),
  },
  { additionalProperties: false },
);

/** The customer now exists in the PSA, so projects can be set up for it there. */
export const CustomerSyncedData = Type.Object(
  { customerId: CanonicalId, system, externalId },
  { additionalProperties: false },
);

/** Project and contract are created together in the ERP; either alone cannot be billed. */
export const ProjectContractedData = Type.Object(
  {
    projectId: CanonicalId,
    contractId: CanonicalId,
    system,
    projectExternalId: externalId,
    contractExternalId: externalId,
  },
  { additionalProperties: false },
);

export const ExpensePostedData = Type.Object(
  {
    expenseId: CanonicalId,
    projectId: CanonicalId,
    postings: Type.Array(Posting, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export const BillingScheduleReleasePostedData = Type.Object(
  {
    billingScheduleId: CanonicalId,
    projectId: CanonicalId,
    items: Type.Array(
      Type.Object(
        {
          itemId: CanonicalId,
          system,
          externalId,
          amount: Money,
          idempotencyKey: Type.String({ minLength: 1 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);

/** Feedback: the ERP's invoice status as now shown in the PSA (`system` is the PSA here). */
export const InvoiceStatusFedBackData = Type.Object(
  {
    invoiceId: CanonicalId,
    number: Type.String({ minLength: 1, maxLength: 64 }),
    status: InvoiceStatus,
    system,
    externalId,
  },
  { additionalProperties: false },
);

/** Feedback: a payment's status as now shown in the PSA against its invoice. */
export const PaymentStatusFedBackData = Type.Object(
  {
    paymentId: CanonicalId,
    invoiceId: CanonicalId,
    amount: Money,
    status: PaymentStatus,
    system,
    externalId,
  },
  { additionalProperties: false },
);

/** The ERP removed (or reversed) every posting of a withdrawn time entry. */
export const TimeWithdrawalPostedData = Type.Object(
  {
    timeEntryId: CanonicalId,
    projectId: CanonicalId,
    system,
    reason: Type.Union([Type.Literal('deleted'), Type.Literal('unapproved')]),
  },
  { additionalProperties: false },
);
