// Vendor activity -> canonical CloudEvent. The event id is the activity id, so one change seen through
// both the webhook and the feed is one event; missing finance fields stay absent (readiness is judged
// downstream, not here). A rejected expense maps to no event: only approvals are exported.
import {
  eventCatalog,
  type BillingModel,
  type CanonicalEvent,
  type Project,
  type Resource,
  type TimeEntry,
} from '../../../contracts/index.ts';
import type { BillingMethod, VendorProject, VendorUser } from '../vendor/schemas.ts';
import { canonicalId } from './canonical-ids.ts';
import { toExpense, toMilestone, toRateCard, toTaskPlan } from './map-delivery.ts';
import type { ApprovedTimeEntry, ParsedActivity } from './parse-activity.ts';

const CANONICAL_OPPORTUNITY = /^opportunity:[A-Za-z0-9._-]+:[A-Za-z0-9._/-]+$/;

const billingModels: Record<BillingMethod, BillingModel> = {
  time_and_materials: 'time-and-materials',
  fixed_fee: 'fixed-fee',
  retainer: 'retainer',
  non_billable: 'non-billable',
};

export function toCanonicalEvent(activity: ParsedActivity, system: string): CanonicalEvent | undefined {
  const envelope = {
    specversion: '1.0' as const,
    id: activity.id,
    source: system,
    time: activity.occurredAt,
    datacontenttype: 'application/json' as const,
  };
  switch (activity.kind) {
    case 'user.updated': {
      const data = toResource(activity.user, system);
      return {
        ...envelope,
        type: eventCatalog.ResourceUpdated.type,
        subject: data.id,
        correlationid: data.id,
        data,
      };
    }
    case 'project.activated': {
      const data = toProject(activity.project, system);
      return {
        ...envelope,
        type: eventCatalog.ProjectActivated.type,
        subject: data.id,
        correlationid: data.id,
        data,
      };
    }
    case 'time_entry.approved': {
      const data = toTimeEntry(activity.entry, system);
      return {
        ...envelope,
        type: eventCatalog.TimeApproved.type,
        subject: data.id,
        correlationid: data.projectId,
        data,
      };
    }
    case 'expense.approved': {
      const data = toExpense(activity.expense, system);
      return {
        ...envelope,
        type: eventCatalog.ExpenseApproved.type,
        subject: data.id,
        correlationid: data.projectId,
        data,
      };
    }
    case 'expense.rejected':
      return undefined;
    case 'milestone.completed': {
      const data = toMilestone(activity.milestone, system);
      return {
        ...envelope,
        type: eventCatalog.MilestoneCompleted.type,
        subject: data.id,
        correlationid: data.projectId,
        data,
      };
    }
    case 'task_plan.changed': {
      const data = toTaskPlan(activity.plan, system);
      return {
        ...envelope,
        type: eventCatalog.TaskPlanChanged.type,
        subject: data.projectId,
        correlationid: data.projectId,
        data,
      };
    }
    case 'rate_card.changed': {
      const data = toRateCard(activity.card, system);
      return {
        ...envelope,
        type: eventCatalog.RateCardChanged.type,
        subject: data.id,
        correlationid: data.id,
        data,
      };
    }
    case 'project.closed': {
      const projectId = canonicalId('project', system, activity.project.id);
      return {
        ...envelope,
        type: eventCatalog.ProjectClosed.type,
        subject: projectId,
        correlationid: projectId,
        data: { projectId, closedDate: activity.project.closed_on },
      };
    }
  }
}

function toResource(user: VendorUser, system: string): Resource {
  return {
    id: canonicalId('resource', system, user.id),
    name: user.name,
    costRate: { amount: user.cost_rate, currency: user.cost_currency },
    ...(user.role == null ? {} : { role: user.role }),
  };
}

function toProject(p: VendorProject, system: string): Project {
  return {
    id: canonicalId('project', system, p.id),
    code: p.code,
    name: p.name,
    customerId: canonicalId('customer', system, p.client_id),
    ...(p.company != null && { legalEntityId: p.company }),
    ...(p.currency != null && { currency: p.currency }),
    ...(p.tax_treatment != null && { taxTreatment: p.tax_treatment }),
    ...(p.billing_method != null && { billingModel: billingModels[p.billing_method] }),
    // An engagement created from a won deal keeps the deal's canonical id, which Ledgerline wrote there.
    ...(p.opportunity_ref !== undefined &&
      CANONICAL_OPPORTUNITY.test(p.opportunity_ref) && { opportunityId: p.opportunity_ref }),
  };
}

function toTimeEntry(e: ApprovedTimeEntry, system: string): TimeEntry {
  return {
    id: canonicalId('time', system, e.id),
    projectId: canonicalId('project', system, e.project_id),
    resourceId: canonicalId('resource', system, e.user_id),
    workDate: e.spent_on,
    hours: e.hours,
    billable: e.billable,
    ...(e.bill_rate !== null && { billRate: { amount: e.bill_rate, currency: e.currency } }),
    ...(e.notes !== '' && { description: e.notes }),
    approvedAt: e.approved_at,
    approvedBy: canonicalId('resource', system, e.approved_by),
  };
}
