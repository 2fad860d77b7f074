// A Firm is what `POST /admin/seed` loads: the firm's legal entities, consultants, projects and time, in
// the PSA's own record shapes, plus seeding hints (`late`, `pending_setup`) that never appear on the wire.
// Clients, expenses, milestones, task plans and rate cards are optional, so a time-only firm stays valid.
import { Type, type Static } from '@sinclair/typebox';
import { VendorClient } from './vendor/billing-records.ts';
import { expenseFields, milestoneFields, rateCardFields, taskPlanFields } from './vendor/delivery-records.ts';
import {
  BillingMethod,
  CompanyCode,
  CurrencyCode,
  TaxTreatment,
  projectFields,
  timeEntryFields,
  userFields,
} from './vendor/schemas.ts';

const strict = { additionalProperties: false } as const;

export const FirmCompany = Type.Object(
  {
    code: CompanyCode,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    country: Type.String({ pattern: '^[A-Z]{2}$' }),
    currency: CurrencyCode,
  },
  strict,
);
export type FirmCompany = Static<typeof FirmCompany>;

/** Values finance will enter later through complete-setup; informational, the sandbox never applies them. */
export const PendingSetup = Type.Object(
  {
    company: Type.Optional(CompanyCode),
    currency: Type.Optional(CurrencyCode),
    tax_treatment: Type.Optional(TaxTreatment),
    billing_method: Type.Optional(BillingMethod),
  },
  strict,
);
export type PendingSetup = Static<typeof PendingSetup>;

export const FirmProject = Type.Object(
  {
    ...projectFields,
    /** Some of this project's approvals are published before its activation. */
    late: Type.Optional(Type.Boolean()),
    pending_setup: Type.Optional(PendingSetup),
  },
  strict,
);
export type FirmProject = Static<typeof FirmProject>;

export const FirmUser = Type.Object(userFields, strict);
export const FirmTimeEntry = Type.Object(timeEntryFields, strict);
export const FirmClient = Type.Object(VendorClient.properties, strict);
export type FirmClient = Static<typeof FirmClient>;
export const FirmExpense = Type.Object(expenseFields, strict);
export type FirmExpense = Static<typeof FirmExpense>;
export const FirmMilestone = Type.Object(milestoneFields, strict);
export type FirmMilestone = Static<typeof FirmMilestone>;
export const FirmTaskPlan = Type.Object(taskPlanFields, strict);
export type FirmTaskPlan = Static<typeof FirmTaskPlan>;
export const FirmRateCard = Type.Object(rateCardFields, strict);

export const Firm = Type.Object(
  {
    companies: Type.Array(FirmCompany),
    users: Type.Array(FirmUser),
    projects: Type.Array(FirmProject),
    time_entries: Type.Array(FirmTimeEntry),
    clients: Type.Optional(Type.Array(FirmClient)),
    expenses: Type.Optional(Type.Array(FirmExpense)),
    milestones: Type.Optional(Type.Array(FirmMilestone)),
    task_plans: Type.Optional(Type.Array(FirmTaskPlan)),
    rate_cards: Type.Optional(Type.Array(FirmRateCard)),
  },
  strict,
);
export type Firm = Static<typeof Firm>;
