// Approved time becomes at most two postings: a billable line for billing and a cost line for project
// accounting. Amounts are hours x rate, rounded once per line half-up to the currency's minor unit.
import type { Resource, TimeEntry } from '../contracts/index.ts';
import type { ReadyProject } from './readiness.ts';
import { extend, type Money } from './money.ts';

export interface BillableLinePlan {
  readonly kind: 'billable-line';
  readonly idempotencyKey: string;
  readonly rate: Money;
  readonly amount: Money;
}

export interface CostPlan {
  readonly kind: 'cost';
  readonly idempotencyKey: string;
  readonly costRate: Money;
  readonly amount: Money;
}

export type TimePostingPlan =
  | { readonly ok: true; readonly postings: readonly (BillableLinePlan | CostPlan)[] }
  | { readonly ok: false; readonly reasonCode: string; readonly reason: string };

/**
 * The idempotency key depends only on the time entry and the posting kind, so a duplicate, replayed or
 * re-sent approval of the same entry can never make a second posting.
 */
export function postingKey(timeEntryId: string, kind: 'billable-line' | 'cost'): string {
  return `${timeEntryId}/${kind}`;
}

export function planTimePostings(
  entry: TimeEntry,
  project: ReadyProject,
  resource: Resource,
): TimePostingPlan {
  const postings: (BillableLinePlan | CostPlan)[] = [];
  if (entry.billable) {
    if (entry.billRate === undefined) {
      return {
        ok: false,
        reasonCode: 'mapping.bill_rate_missing',
        reason: `billable time entry ${entry.id} has no billRate`,
      };
    }
    if (entry.billRate.currency !== project.currency) {
      return {
        ok: false,
        reasonCode: 'mapping.currency_mismatch',
        reason: `time entry ${entry.id} is priced in ${entry.billRate.currency} but project ${project.id} bills in ${project.currency}`,
      };
    }
    postings.push({
      kind: 'billable-line',
      idempotencyKey: postingKey(entry.id, 'billable-line'),
      rate: entry.billRate,
      amount: extend(entry.hours, entry.billRate),
    });
  }
  postings.push({
    kind: 'cost',
    idempotencyKey: postingKey(entry.id, 'cost'),
    costRate: resource.costRate,
    amount: extend(entry.hours, resource.costRate),
  });
  return { ok: true, postings };
}
