// Vendor activity -> canonical CloudEvent. The event id is the activity id, so one change seen through
// both the webhook and the feed is one event; missing finance fields stay absent (readiness is judged
// downstream, not here).
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
import type { ApprovedTimeEntry, ParsedActivity } from './parse-activity.ts';

const billingModels: Record<BillingMethod, BillingModel> = {
  time_and_materials: 'time-and-materials',
  fixed_fee: 'fixed-fee',
  retainer: 'retainer',
  non_billable: 'non-billable',
};

export function toCanonicalEvent(activity: ParsedActivity, system: string): CanonicalEvent {
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
  }
}

function toResource(user: VendorUser, system: string): Resource {
  return {
    id: canonicalId('resource', system, user.id),
    name: user.name,
    costRate: { amount: user.cost_rate, currency: user.cost_currency },
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
