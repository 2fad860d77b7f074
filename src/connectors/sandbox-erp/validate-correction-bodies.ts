// Shape checks of the correction operations. A correction's new state (a billing line, a cost posting, an
// expense) is checked exactly as the operation that books it would check it, under the correction's
// project and source ref, so the two can never disagree.
import { check } from './body-reader.ts';
import type { Checked } from './checked.ts';
import { checkExpenseBody } from './validate-billing-bodies.ts';
import { checkBillingLineBody, checkCostPostingBody } from './validate-bodies.ts';
import type { ExpenseCorrectionBody, TimeCorrectionBody, TimeReversalBody } from './wire.ts';

interface Owner {
  readonly project_id: string;
  readonly source_ref: string;
}

type Nested<T> = Omit<T, 'project_id' | 'source_ref'>;

function invalid(message: string): { readonly ok: false; readonly error: { code: string; message: string } } {
  return { ok: false, error: { code: 'validation_failed', message } };
}

/** `body[field]` checked by `checkWhole` as if it were a body of its own, owned by `owner`. */
function nestedBody<T extends Owner>(
  body: unknown,
  field: string,
  owner: Owner,
  checkWhole: (whole: unknown) => Checked<T>,
): Checked<Nested<T>> {
  const inner = (body as Record<string, unknown>)[field];
  if (inner === null || typeof inner !== 'object' || Array.isArray(inner))
    return invalid(`${field} must be a JSON object`);
  if ('project_id' in inner || 'source_ref' in inner)
    return invalid(`${field} names no project_id or source_ref: the correction does`);
  const checked = checkWhole({ ...inner, ...owner });
  if (!checked.ok)
    return { ok: false, error: { ...checked.error, message: `${field}: ${checked.error.message}` } };
  const { project_id: _project, source_ref: _ref, ...rest } = checked.value;
  return { ok: true, value: rest };
}

function ownerOf(body: unknown, fields: readonly string[]): Checked<Owner> {
  return check(body, ['project_id', 'source_ref', ...fields], (r) => ({
    project_id: r.text('project_id', 1, 64),
    source_ref: r.text('source_ref', 1, 200),
  }));
}

export function checkTimeCorrectionBody(body: unknown): Checked<TimeCorrectionBody> {
  const owner = ownerOf(body, ['billing_line', 'cost_posting']);
  if (!owner.ok) return owner;
  const hasLine = (body as Record<string, unknown>)['billing_line'] !== undefined;
  const line = hasLine ? nestedBody(body, 'billing_line', owner.value, checkBillingLineBody) : undefined;
  if (line && !line.ok) return line;
  const cost = nestedBody(body, 'cost_posting', owner.value, checkCostPostingBody);
  if (!cost.ok) return cost;
  return {
    ok: true,
    value: { ...owner.value, ...(line ? { billing_line: line.value } : {}), cost_posting: cost.value },
  };
}

export function checkTimeReversalBody(body: unknown): Checked<TimeReversalBody> {
  return check(body, ['project_id', 'source_ref', 'reason'], (r) => ({
    project_id: r.text('project_id', 1, 64),
    source_ref: r.text('source_ref', 1, 200),
    reason: r.text('reason', 1, 64),
  }));
}

/** The expense's new state is checked like a new expense's body, under the correction's project and ref. */
export function checkExpenseCorrectionBody(body: unknown): Checked<ExpenseCorrectionBody> {
  const owner = ownerOf(body, ['expense']);
  if (!owner.ok) return owner;
  const expense = nestedBody(body, 'expense', owner.value, checkExpenseBody);
  if (!expense.ok) return expense;
  return { ok: true, value: { ...owner.value, expense: expense.value } };
}
