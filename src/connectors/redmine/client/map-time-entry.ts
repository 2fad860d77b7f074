// A Redmine time entry -> the canonical TimeEntry and the hash the sweep compares. The hash covers what
// an approval is about (hours, date, user, project, activity, comments, the Approved flag, the project's
// bill rate) and leaves out updated_on and the invoice/payment fields, which Ledgerline's own write-back
// changes: writing back must not look like a revision.
import type { TimeEntry } from '../../../contracts/index.ts';
import type { RedmineTimeEntry } from '../vendor/wire.ts';
import { canonicalId, type MapContext, type Mapped } from './context.ts';
import { customValue } from './custom-fields.ts';
import { hashOf } from './fingerprint.ts';
import { hoursFromFloat } from './hours.ts';
import type { MappedProject } from './map-project.ts';

export interface MappedTimeEntry {
  readonly entry: TimeEntry;
  readonly approved: boolean;
  readonly hash: string;
}

/** The contract's limit; Redmine allows 1024 characters, the rest is cut (a description, not an amount). */
const MAX_DESCRIPTION = 1000;

export function mapTimeEntry(
  e: RedmineTimeEntry,
  project: MappedProject,
  ctx: MapContext,
): Mapped<MappedTimeEntry> {
  const hours = hoursFromFloat(e.hours);
  if (hours === undefined)
    return { ok: false, message: `time entry ${e.id}: hours ${e.hours} are not 0 to 99.99 hours of one day` };
  const approved = customValue(e.custom_fields, ctx.fields.approved) === '1';
  const comments = (e.comments ?? '').trim();
  const { billRate } = project;
  const entry: TimeEntry = {
    id: canonicalId('time', ctx.system, e.id),
    projectId: canonicalId('project', ctx.system, e.project.id),
    resourceId: canonicalId('resource', ctx.system, e.user.id),
    workDate: e.spent_on,
    hours,
    billable: true,
    ...(billRate !== undefined && { billRate }),
    ...(comments !== '' && { description: comments.slice(0, MAX_DESCRIPTION) }),
    // Redmine keeps no approval time: the entry's last update is the closest it can tell.
    approvedAt: e.updated_on,
    approvedBy: ctx.approver,
  };
  const hash = hashOf([
    hours,
    e.spent_on,
    e.user.id,
    e.project.id,
    e.activity.id,
    comments,
    approved,
    billRate?.amount ?? null,
    billRate?.currency ?? null,
  ]);
  return { ok: true, value: { entry, approved, hash } };
}
