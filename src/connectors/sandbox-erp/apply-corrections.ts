// Corrections of posted time, the way an ERP keeps its books: a posted record is never edited. The entry's
// live billing line and cost posting are reversed (negative copies that name what they cancel) and, for a
// correction, new ones are booked. A billing line already on an invoice is not reversed: that needs a
// credit note, so the correction is refused with `already_invoiced` for finance to handle.
import { checkBooking } from './booking-rules.ts';
import { negateAmount } from '../../domain/money.ts';
import { decimalEquals, extendedAmount } from './decimal-rules.ts';
import type { ErpState } from './erp-state.ts';
import type { BillingLineRecord, CostPostingRecord } from './records.ts';
import { reject } from './reject.ts';
import type {
  BillingLineBody,
  CostPostingBody,
  OperationResult,
  TimeCorrectionBody,
  TimeReversalBody,
} from './wire.ts';

interface Live {
  readonly lines: readonly BillingLineRecord[];
  readonly costs: readonly CostPostingRecord[];
}

function liveOf(state: ErpState, projectId: string, sourceRef: string): Live {
  const isLive = (r: { project_id: string; reverses?: string }, id: string) =>
    r.project_id === projectId && r.reverses === undefined && !state.reversed.has(id);
  return {
    lines: (state.billingLinesBySourceRef.get(sourceRef) ?? []).filter((l) => isLive(l, l.billing_line_id)),
    costs: (state.costPostingsBySourceRef.get(sourceRef) ?? []).filter((c) => isLive(c, c.cost_posting_id)),
  };
}

function invoicedRefusal(state: ErpState, sourceRef: string, live: Live): OperationResult | undefined {
  for (const line of live.lines) {
    const invoice = state.receivables.invoicedItems.get(line.billing_line_id);
    if (invoice !== undefined)
      return reject(
        state,
        409,
        'already_invoiced',
        `billing line ${line.billing_line_id} of ${sourceRef} is on invoice ${invoice}: issue a credit note for it, then retry the correction`,
      );
  }
  return undefined;
}

/**
 * The reversal is booked where the original was, unless that period has closed since: then on `fallback`
 * (the correction's own booking date, or today's for a withdrawal). Its functional amount is the
 * original's, negated, so the pair cancels exactly in both currencies.
 */
function reversalBooking(
  state: ErpState,
  company: string,
  original: BillingLineRecord | CostPostingRecord,
  fallback: string,
): { posting_date: string } {
  const booked = original.posting_date ?? original.date;
  return { posting_date: state.receivables.reference.isClosed(company, booked) ? fallback : booked };
}

function reverseAll(state: ErpState, company: string, live: Live, fallback: string, now: string): string[] {
  const ids: string[] = [];
  for (const line of live.lines) {
    const { billing_line_id: id, created_at: _created, reverses: _r, ...body } = line;
    const reversal: BillingLineBody = {
      ...body,
      quantity: negateAmount(line.quantity),
      amount: negateAmount(line.amount),
      ...(line.functional_amount === undefined
        ? {}
        : { functional_amount: negateAmount(line.functional_amount) }),
      ...(line.tax_amount === undefined ? {} : { tax_amount: negateAmount(line.tax_amount) }),
      ...reversalBooking(state, company, line, fallback),
    };
    ids.push(state.createBillingLine(reversal, reversal.amount, now, id).billing_line_id);
  }
  for (const cost of live.costs) {
    const { cost_posting_id: id, created_at: _created, reverses: _r, ...body } = cost;
    const reversal: CostPostingBody = {
      ...body,
      hours: negateAmount(cost.hours),
      amount: negateAmount(cost.amount),
      ...(cost.functional_amount === undefined
        ? {}
        : { functional_amount: negateAmount(cost.functional_amount) }),
      ...reversalBooking(state, company, cost, fallback),
    };
    ids.push(state.createCostPosting(reversal, reversal.amount, now, id).cost_posting_id);
  }
  return ids;
}

function checkAmount(
  state: ErpState,
  what: string,
  body: { amount: string; currency: string },
  quantity: string,
  rate: string,
): OperationResult | undefined {
  const expected = extendedAmount(quantity, rate, body.currency);
  if (decimalEquals(body.amount, expected)) return undefined;
  return reject(
    state,
    422,
    'amount_mismatch',
    `${what} amount ${body.amount} is not ${quantity} x ${rate} = ${expected}`,
  );
}

export function correctTimeEntry(state: ErpState, body: TimeCorrectionBody, now: string): OperationResult {
  const project = state.projects.get(body.project_id);
  if (!project) return reject(state, 422, 'unknown_project', `project ${body.project_id} does not exist`);
  const live = liveOf(state, body.project_id, body.source_ref);
  const refused = invoicedRefusal(state, body.source_ref, live);
  if (refused) return refused;
  const line = body.billing_line && {
    ...body.billing_line,
    project_id: body.project_id,
    source_ref: body.source_ref,
  };
  const cost = { ...body.cost_posting, project_id: body.project_id, source_ref: body.source_ref };
  // Every check before anything is written: a refused correction leaves the books as they were.
  if (line && line.currency !== project.currency)
    return reject(
      state,
      422,
      'currency_mismatch',
      `currency ${line.currency} differs from project ${project.project_id} currency ${project.currency}`,
    );
  const problem =
    (line &&
      (checkAmount(state, 'billing line', line, line.quantity, line.unit_price) ??
        checkBooking(state, project.company, line))) ??
    checkAmount(state, 'cost posting', cost, cost.hours, cost.cost_rate) ??
    checkBooking(state, project.company, cost);
  if (problem) return problem;
  reverseAll(state, project.company, live, cost.posting_date ?? cost.date, now);
  if (line) state.createBillingLine(line, line.amount, now);
  return { status: 201, id: state.createCostPosting(cost, cost.amount, now).cost_posting_id };
}

export function reverseTimeEntry(state: ErpState, body: TimeReversalBody, now: string): OperationResult {
  const project = state.projects.get(body.project_id);
  if (!project) return reject(state, 422, 'unknown_project', `project ${body.project_id} does not exist`);
  const live = liveOf(state, body.project_id, body.source_ref);
  const refused = invoicedRefusal(state, body.source_ref, live);
  if (refused) return refused;
  const ids = reverseAll(state, project.company, live, now.slice(0, 10), now);
  // Nothing live is success: the entry may never have been posted, or was reversed already.
  return { status: 201, id: ids[ids.length - 1] ?? `nothing-to-reverse:${body.source_ref}` };
}
