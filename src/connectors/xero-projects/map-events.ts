// Xero Projects records as canonical events. Xero Projects has no timesheet approval: an entry counts as
// approved once it is LOCKED (or INVOICED), which is how a Xero firm closes time for billing. Durations
// are minutes; canonical hours have two decimals, so minutes are converted half-up to hundredths of an
// hour (20 min = 0.33 h). Users carry no cost rate in Xero: it comes from the connector's `costRates`.
import { eventCatalog, type CanonicalEvent, type Money, type Project } from '../../contracts/index.ts';
import type { XeroProject, XeroProjectUser, XeroTask, XeroTimeEntry } from './vendor/wire.ts';

export interface XeroProjectsMapping {
  readonly system: string;
  readonly projectDefaults: {
    readonly legalEntityId: string;
    readonly taxTreatment: NonNullable<Project['taxTreatment']>;
    readonly taxCode?: string;
  };
  /** Cost rate per Xero user id, and the rate of users not named. */
  readonly costRates: { readonly byUser: Readonly<Record<string, Money>>; readonly default?: Money };
}

export type Mapped =
  { readonly event: CanonicalEvent } | { readonly skipped: string } | { readonly ignored: string };

const idOf = (kind: string, system: string, nativeId: string): string => `${kind}:${system}:${nativeId}`;

/** Minutes as hours with two decimals, half-up. */
export function minutesToHours(minutes: number): string {
  const hundredths = (BigInt(minutes) * 200n + 60n) / 120n;
  const whole = hundredths / 100n;
  const frac = (hundredths % 100n).toString().padStart(2, '0');
  return frac === '00' ? whole.toString() : `${whole.toString()}.${frac}`.replace(/0$/, '');
}

export function resourceEvent(user: XeroProjectUser, m: XeroProjectsMapping, seenAt: string): Mapped {
  const costRate = m.costRates.byUser[user.userId] ?? m.costRates.default;
  if (!costRate) return { skipped: `user ${user.userId} has no configured cost rate` };
  const data = { id: idOf('resource', m.system, user.userId), name: user.name, costRate };
  return {
    event: {
      specversion: '1.0',
      // The state, not the read: the same name and rate give the same id.
      id: `xero-user-${user.userId}-${costRate.amount}${costRate.currency}-${Buffer.from(user.name).toString('base64url').slice(0, 40)}`,
      source: m.system,
      type: eventCatalog.ResourceUpdated.type,
      subject: data.id,
      time: seenAt,
      datacontenttype: 'application/json',
      data,
    },
  };
}

export function projectEvent(project: XeroProject, m: XeroProjectsMapping, seenAt: string): Mapped {
  if (project.status !== 'INPROGRESS')
    return { ignored: `project ${project.projectId} is ${project.status}` };
  const data: Project = {
    id: idOf('project', m.system, project.projectId),
    code: `XP-${project.projectId.slice(0, 8)}`,
    name: project.name.slice(0, 200),
    // The organisation's own contact: Xero Accounting finds it by this id.
    customerId: idOf('customer', m.system, project.contactId),
    legalEntityId: m.projectDefaults.legalEntityId,
    currency: project.currencyCode,
    taxTreatment: m.projectDefaults.taxTreatment,
    ...(m.projectDefaults.taxCode === undefined ? {} : { taxCode: m.projectDefaults.taxCode }),
    billingModel: 'time-and-materials',
    status: 'active',
  };
  return {
    event: {
      specversion: '1.0',
      id: `xero-project-${project.projectId}-${project.status}-${project.currencyCode}`,
      source: m.system,
      type: eventCatalog.ProjectActivated.type,
      subject: data.id,
      time: seenAt,
      datacontenttype: 'application/json',
      correlationid: data.id,
      data,
    },
  };
}

export function timeEvent(entry: XeroTimeEntry, task: XeroTask | undefined, m: XeroProjectsMapping): Mapped {
  if (entry.status === 'ACTIVE') return { ignored: `time entry ${entry.timeEntryId} is not locked` };
  if (!task) return { skipped: `time entry ${entry.timeEntryId} names an unknown task ${entry.taskId}` };
  const billable = task.chargeType === 'TIME' && task.rate !== undefined;
  const projectId = idOf('project', m.system, entry.projectId);
  const data = {
    id: idOf('time', m.system, entry.timeEntryId),
    projectId,
    resourceId: idOf('resource', m.system, entry.userId),
    workDate: entry.date,
    hours: minutesToHours(entry.minutes),
    billable,
    ...(billable && task.rate ? { billRate: { amount: task.rate.value, currency: task.rate.currency } } : {}),
    description: `${task.name}${entry.description === undefined ? '' : `: ${entry.description}`}`.slice(
      0,
      1000,
    ),
    approvedAt: entry.dateEnteredUtc,
    approvedBy: 'xero-projects-lock',
  };
  return {
    event: {
      specversion: '1.0',
      id: `xero-time-${entry.timeEntryId}-${entry.minutes}-${entry.taskId}-${entry.date}`,
      source: m.system,
      type: eventCatalog.TimeApproved.type,
      subject: data.id,
      time: entry.dateEnteredUtc,
      datacontenttype: 'application/json',
      correlationid: projectId,
      data,
    },
  };
}
