// Harvest records as canonical events. Harvest knows nothing of legal entities or tax treatment, so a
// project takes them from the connector's `projectDefaults`; time entries carry no currency, so the
// account's `currency` prices them. Approval is Harvest's timesheet approval (`is_closed`).
import {
  eventCatalog,
  type CanonicalEvent,
  type Expense,
  type ExpenseCategory,
  type Project,
} from '../../contracts/index.ts';
import type { HarvestExpense, HarvestProject, HarvestTimeEntry, HarvestUser } from './vendor/wire.ts';

export interface HarvestMapping {
  readonly system: string;
  /** The account's currency (Harvest's company currency). */
  readonly currency: string;
  readonly projectDefaults: {
    readonly legalEntityId: string;
    readonly taxTreatment: NonNullable<Project['taxTreatment']>;
    readonly taxCode?: string;
  };
}

/** `ignored`: a record that is not (yet) Ledgerline's business, e.g. unapproved time; not reported. */
export type Mapped =
  { readonly event: CanonicalEvent } | { readonly skipped: string } | { readonly ignored: string };

const envelope = (system: string, id: string, updatedAt: string) => ({
  specversion: '1.0' as const,
  // The same state read twice gives the same id: the record's id and the moment it last changed.
  id: `${id}@${updatedAt}`,
  source: system,
  time: updatedAt,
  datacontenttype: 'application/json' as const,
});

const idOf = (kind: string, system: string, nativeId: string): string => `${kind}:${system}:${nativeId}`;

export function resourceEvent(user: HarvestUser, m: HarvestMapping): Mapped {
  if (user.costRate === undefined) return { skipped: `user ${user.id} has no cost rate` };
  const data = {
    id: idOf('resource', m.system, user.id),
    name: user.name,
    costRate: { amount: user.costRate, currency: m.currency },
    ...(user.roles[0] === undefined ? {} : { role: user.roles[0] }),
  };
  return {
    event: {
      ...envelope(m.system, `harvest-user-${user.id}`, user.updatedAt),
      type: eventCatalog.ResourceUpdated.type,
      subject: data.id,
      data,
    },
  };
}

export function projectEvent(project: HarvestProject, m: HarvestMapping): Mapped {
  if (!project.isActive) return { ignored: `project ${project.id} is archived` };
  const data: Project = {
    id: idOf('project', m.system, project.id),
    code: project.code ?? `H-${project.id}`,
    name: project.name,
    customerId: idOf('customer', m.system, project.clientId),
    ...(project.clientName === undefined ? {} : { customerName: project.clientName }),
    legalEntityId: m.projectDefaults.legalEntityId,
    currency: project.clientCurrency ?? m.currency,
    taxTreatment: m.projectDefaults.taxTreatment,
    ...(m.projectDefaults.taxCode === undefined ? {} : { taxCode: m.projectDefaults.taxCode }),
    billingModel: !project.isBillable
      ? 'non-billable'
      : project.isFixedFee
        ? 'fixed-fee'
        : 'time-and-materials',
    status: 'active',
  };
  return {
    event: {
      ...envelope(m.system, `harvest-project-${project.id}`, project.updatedAt),
      type: eventCatalog.ProjectActivated.type,
      subject: data.id,
      correlationid: data.id,
      data,
    },
  };
}

export function timeEvent(entry: HarvestTimeEntry, m: HarvestMapping): Mapped {
  if (!entry.isClosed) return { ignored: `time entry ${entry.id} is not approved` };
  const projectId = idOf('project', m.system, entry.projectId);
  const data = {
    id: idOf('time', m.system, entry.id),
    projectId,
    resourceId: idOf('resource', m.system, entry.userId),
    workDate: entry.spentDate,
    hours: entry.hours,
    billable: entry.billable,
    ...(entry.billable && entry.billableRate !== undefined
      ? { billRate: { amount: entry.billableRate, currency: m.currency } }
      : {}),
    ...(entry.notes === undefined ? {} : { description: entry.notes.slice(0, 1000) }),
    // Harvest does not say when or by whom a timesheet was approved: the change that closed it stands in.
    approvedAt: entry.updatedAt,
    approvedBy: 'harvest-timesheet-approval',
  };
  return {
    event: {
      ...envelope(m.system, `harvest-time-${entry.id}`, entry.updatedAt),
      type: eventCatalog.TimeApproved.type,
      subject: data.id,
      correlationid: projectId,
      data,
    },
  };
}

function category(name: string): ExpenseCategory {
  const n = name.toLowerCase();
  if (/hotel|lodg|accommodation/.test(n)) return 'accommodation';
  if (/mileage/.test(n)) return 'mileage';
  if (/travel|flight|train|taxi|transport/.test(n)) return 'travel';
  if (/meal|food|entertainment/.test(n)) return 'meals';
  if (/software|licen/.test(n)) return 'software';
  return 'other';
}

export function expenseEvent(expense: HarvestExpense, m: HarvestMapping): Mapped {
  if (!expense.isClosed) return { ignored: `expense ${expense.id} is not approved` };
  const projectId = idOf('project', m.system, expense.projectId);
  const data: Expense = {
    id: idOf('expense', m.system, expense.id),
    projectId,
    resourceId: idOf('resource', m.system, expense.userId),
    incurredDate: expense.spentDate,
    category: category(expense.category),
    amount: { amount: expense.totalCost, currency: expense.clientCurrency ?? m.currency },
    billable: expense.billable,
    // Harvest expenses are entered by the person who paid: reimbursable.
    reimbursable: true,
    description: (expense.notes ?? expense.category).slice(0, 1000) || expense.category,
    approvedAt: expense.updatedAt,
    approvedBy: 'harvest-expense-approval',
  };
  return {
    event: {
      ...envelope(m.system, `harvest-expense-${expense.id}`, expense.updatedAt),
      type: eventCatalog.ExpenseApproved.type,
      subject: data.id,
      correlationid: projectId,
      data,
    },
  };
}
