import { Type, type Static } from '@sinclair/typebox';
import { CanonicalId, Instant, Money, PlainDate } from '../primitives.ts';
import { sensitive } from '../sensitivity/mark.ts';

/** A closed list, so the ERP mapping to expense accounts is total. */
export const ExpenseCategory = Type.Union(
  [
    Type.Literal('travel'),
    Type.Literal('accommodation'),
    Type.Literal('meals'),
    Type.Literal('mileage'),
    Type.Literal('software'),
    Type.Literal('other'),
  ],
  { description: 'Expense category' },
);
export type ExpenseCategory = Static<typeof ExpenseCategory>;

/**
 * An approved expense. `billable`: recharged to the client; `reimbursable`: paid back to the consultant
 * (a company-card expense is billable but not reimbursable).
 */
export const Expense = Type.Object(
  {
    id: CanonicalId,
    projectId: CanonicalId,
    resourceId: CanonicalId,
    incurredDate: PlainDate,
    category: ExpenseCategory,
    amount: Money,
    billable: Type.Boolean(),
    reimbursable: Type.Boolean(),
    receiptReference: Type.Optional(sensitive('financial', Type.String({ minLength: 1, maxLength: 200 }))),
    description: Type.String({ minLength: 1, maxLength: 1000 }),
    approvedAt: Instant,
    approvedBy: sensitive('personal', Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false, $id: 'Expense' },
);
export type Expense = Static<typeof Expense>;
