// The order a report lists things in: totals by entity, project, transaction type (in `transactionTypes`
// order) and currency; differences by class (precedence order), type and ref. Plain code-unit comparison,
// never the locale's, so every machine sorts alike.
import { transactionTypes, type TransactionType } from './record.ts';
import { differenceClasses, type Difference, type DifferenceClass } from './report.ts';

const typeOrder = new Map<TransactionType, number>(transactionTypes.map((t, i) => [t, i]));
const classOrder = new Map<DifferenceClass, number>(differenceClasses.map((c, i) => [c, i]));

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareTypes(a: TransactionType, b: TransactionType): number {
  return (typeOrder.get(a) ?? 0) - (typeOrder.get(b) ?? 0);
}

export function compareTotalsRows(
  a: {
    readonly entity: string;
    readonly project: string;
    readonly type: TransactionType;
    readonly currency: string;
  },
  b: {
    readonly entity: string;
    readonly project: string;
    readonly type: TransactionType;
    readonly currency: string;
  },
): number {
  return (
    compareText(a.entity, b.entity) ||
    compareText(a.project, b.project) ||
    compareTypes(a.type, b.type) ||
    compareText(a.currency, b.currency)
  );
}

export function compareDifferences(a: Difference, b: Difference): number {
  return (
    (classOrder.get(a.class) ?? 0) - (classOrder.get(b.class) ?? 0) ||
    compareTypes(a.type, b.type) ||
    compareText(a.ref, b.ref)
  );
}
