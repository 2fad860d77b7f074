// Books a transaction in its project's legal entity, or says why not yet: it parks while the exchange
// rate or tax rate in force on its date is unknown, or (policy `hold`) while its period is closed, and is
// refused with `period_closed` under policy `reject`. Shared by time and expenses.
import type { BookingInputs, BookingResult } from '../../domain/finance/book-postings.ts';
import type { Decision } from '../../store/port.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';

export interface Transaction {
  /** "time entry", "expense": how the refusal names it. */
  readonly what: string;
  readonly id: string;
  /** The transaction date every rate and period is decided by. */
  readonly date: string;
  readonly detail: Readonly<Record<string, string>>;
}

export function bookOrWait<T>(
  seq: number,
  transaction: Transaction,
  project: { readonly id: string; readonly legalEntityId: string; readonly taxCode?: string },
  book: (inputs: BookingInputs) => BookingResult<T>,
  ctx: BatchContext,
  env: DecideEnvironment,
): { readonly value: T } | Decision {
  const entityId = project.legalEntityId;
  const entity = env.legalEntities.get(entityId);
  if (!entity)
    return {
      seq,
      kind: 'reject',
      reasonCode: 'readiness.unknown_legal_entity',
      reason: `project ${project.id} belongs to ${entityId}, which is not a configured legal entity`,
      detail: { ...transaction.detail, legalEntityId: entityId },
    };
  const booked = book({
    date: transaction.date,
    functionalCurrency: entity.functionalCurrency,
    fx: ctx.master('fx-rates', entity.functionalCurrency)?.data,
    periods: ctx.master('periods', entityId)?.data,
    policy: env.periodPolicy(entityId),
    taxCode: project.taxCode,
    tax: ctx.master('tax-rates', entityId)?.data,
  });
  if (booked.ok) return { value: booked.value };
  // The book exists but lacks what is needed: wait for it to change, not merely to exist.
  const park = (objectKind: 'periods' | 'fx-rates' | 'tax-rates', id: string, awaiting: string): Decision => {
    const record = ctx.master(objectKind, id);
    return {
      seq,
      kind: 'park',
      dependency: {
        kind: 'master',
        objectKind,
        id,
        awaiting,
        ...(record === undefined ? {} : { seen: JSON.stringify(record.data) }),
      },
    };
  };
  switch (booked.kind) {
    case 'hold':
      return park(
        'periods',
        entityId,
        `awaiting AccountingPeriodChanged: ${entityId} ${booked.period} is closed (policy hold)`,
      );
    case 'reject':
      return {
        seq,
        kind: 'reject',
        reasonCode: 'period_closed',
        reason: `${transaction.what} ${transaction.id} is dated ${transaction.date}, in ${entityId}'s closed period ${booked.period}; the policy is reject: reopen the period and retry, or correct the date`,
        detail: { ...transaction.detail, legalEntityId: entityId, period: booked.period },
      };
    case 'missing-fx':
      return park('fx-rates', entity.functionalCurrency, `awaiting FxRatePublished: ${booked.missing}`);
    case 'missing-tax':
      return park('tax-rates', entityId, `awaiting TaxRateChanged: ${entityId} ${booked.missing}`);
  }
}
