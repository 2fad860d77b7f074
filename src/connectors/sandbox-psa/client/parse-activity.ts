// Parses one activity off the wire into a typed vendor record, refusing anything the mapping could not
// trust. Hours become an exact decimal string here, so no JSON number travels further. Delivery records
// beyond time are parsed in parse-delivery.ts.
import {
  ActivityEnvelope,
  VendorProject,
  VendorTimeEntry,
  VendorUser,
  type ActivityKind,
} from '../vendor/schemas.ts';
import { hoursToDecimal } from '../vendor/hours.ts';
import { compileChecker } from '../../kit/schema-checker.ts';
import { parseDeliveryRecord, type DeliveryRecord } from './parse-delivery.ts';

/** An approved time entry with its approval fields present and hours as decimal text. */
export interface ApprovedTimeEntry extends Omit<
  VendorTimeEntry,
  'hours' | 'status' | 'approved_at' | 'approved_by'
> {
  readonly hours: string;
  readonly approved_at: string;
  readonly approved_by: string;
}

interface Header {
  readonly id: string;
  readonly seq: number;
  readonly occurredAt: string;
}

export type ParsedActivity = Header &
  (
    | { readonly kind: 'user.updated'; readonly user: VendorUser }
    | { readonly kind: 'project.activated'; readonly project: VendorProject }
    | { readonly kind: 'time_entry.approved'; readonly entry: ApprovedTimeEntry }
    | DeliveryRecord
  );

export type ParseProblem = 'malformed' | 'unknown-kind' | 'invalid-record';

export type ParseResult =
  | { readonly ok: true; readonly activity: ParsedActivity }
  | { readonly ok: false; readonly problem: ParseProblem; readonly id?: string; readonly message: string };

const checkEnvelope = compileChecker(ActivityEnvelope);
const checkUser = compileChecker(VendorUser);
const checkProject = compileChecker(VendorProject);
const checkEntry = compileChecker(VendorTimeEntry);

export function parseActivity(value: unknown): ParseResult {
  const envelope = checkEnvelope(value);
  if (!envelope.ok)
    return { ok: false, problem: 'malformed', message: `activity ${envelope.errors.join('; ')}` };
  const { id, seq, kind, occurred_at: occurredAt, object } = envelope.value;
  const header = { id, seq, occurredAt };
  const invalid = (errors: readonly string[]): ParseResult => ({
    ok: false,
    problem: 'invalid-record',
    id,
    message: `${id} (${kind}): ${errors.map((e) => `/object${e}`).join('; ')}`,
  });

  switch (kind as ActivityKind) {
    case 'user.updated': {
      const user = checkUser(object);
      return user.ok
        ? { ok: true, activity: { ...header, kind: 'user.updated', user: user.value } }
        : invalid(user.errors);
    }
    case 'project.activated': {
      const project = checkProject(object);
      if (!project.ok) return invalid(project.errors);
      if (project.value.status !== 'active') return invalid(['/status must be "active" once activated']);
      return { ok: true, activity: { ...header, kind: 'project.activated', project: project.value } };
    }
    case 'time_entry.approved': {
      const checked = checkEntry(object);
      if (!checked.ok) return invalid(checked.errors);
      const { hours, status, approved_at, approved_by, ...rest } = checked.value;
      const hoursText = hoursToDecimal(hours);
      if (hoursText === undefined) return invalid(['/hours must have at most 2 decimals']);
      if (status !== 'approved' || approved_at === null || approved_by === null)
        return invalid(['/status must be "approved" with approved_at and approved_by set']);
      if (rest.billable !== (rest.bill_rate !== null))
        return invalid(['/bill_rate must be set exactly when the entry is billable']);
      const entry: ApprovedTimeEntry = { ...rest, hours: hoursText, approved_at, approved_by };
      return { ok: true, activity: { ...header, kind: 'time_entry.approved', entry } };
    }
    case 'expense.approved':
    case 'expense.rejected':
    case 'milestone.completed':
    case 'task_plan.changed':
    case 'rate_card.changed':
    case 'project.closed': {
      const parsed = parseDeliveryRecord(kind as DeliveryRecord['kind'], object);
      return parsed.ok ? { ok: true, activity: { ...header, ...parsed.record } } : invalid(parsed.errors);
    }
    default:
      return { ok: false, problem: 'unknown-kind', id, message: `${id}: unknown activity kind "${kind}"` };
  }
}
