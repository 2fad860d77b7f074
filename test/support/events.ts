// Canonical events for tests, built the way a PSA connector would build them.
import type { EventOf, Project } from '../../src/contracts/index.ts';

let counter = 0;
const source = 'test-psa';

function envelope(subject: string) {
  counter += 1;
  return {
    specversion: '1.0' as const,
    id: `evt-${process.pid}-${Date.now()}-${counter}`,
    source,
    subject,
    time: '2026-07-01T09:00:00+01:00',
  };
}

export function projectActivated(project: Partial<Project> & { id: string }): EventOf<'ProjectActivated'> {
  const data: Project = {
    code: project.id.split(':').pop() ?? 'P',
    name: `Project ${project.id}`,
    ...project,
  };
  return { ...envelope(project.id), type: 'io.ledgerline.project.activated.v1', data };
}

export function readyProject(id: string, overrides: Partial<Project> = {}): EventOf<'ProjectActivated'> {
  return projectActivated({
    id,
    legalEntityId: 'LL-UK',
    currency: 'GBP',
    taxTreatment: 'standard',
    billingModel: 'time-and-materials',
    ...overrides,
  });
}

export function resourceUpdated(
  id: string,
  costRate = '62.50',
  currency = 'GBP',
): EventOf<'ResourceUpdated'> {
  return {
    ...envelope(id),
    type: 'io.ledgerline.resource.updated.v1',
    data: { id, name: `Consultant ${id}`, costRate: { amount: costRate, currency } },
  };
}

export function timeApproved(
  id: string,
  projectId: string,
  resourceId: string,
  options: {
    hours?: string;
    rate?: string | null;
    currency?: string;
    billable?: boolean;
    workDate?: string;
  } = {},
): EventOf<'TimeApproved'> {
  const billable = options.billable ?? true;
  // rate: null leaves the entry unpriced, as a PSA that keeps no rates sends it.
  return {
    ...envelope(id),
    type: 'io.ledgerline.time.approved.v1',
    correlationid: projectId,
    data: {
      id,
      projectId,
      resourceId,
      workDate: options.workDate ?? '2026-07-01',
      hours: options.hours ?? '7.5',
      billable,
      ...(billable && options.rate !== null
        ? { billRate: { amount: options.rate ?? '133.33', currency: options.currency ?? 'GBP' } }
        : {}),
      description: 'Workshop',
      approvedAt: '2026-07-02T10:00:00+01:00',
      approvedBy: 'manager-1',
    },
  };
}

export function rateCardChanged(
  id: string,
  legalEntityId: string,
  effectiveFrom: string,
  lines: EventOf<'RateCardChanged'>['data']['lines'],
): EventOf<'RateCardChanged'> {
  return {
    ...envelope(id),
    // Rate cards are governed (owned by the PSA): they come from the PSA the harness configures.
    source: 'sandbox-psa',
    type: 'io.ledgerline.rate-card.changed.v1',
    data: { id, name: `Rates ${effectiveFrom}`, currency: 'GBP', legalEntityId, effectiveFrom, lines },
  };
}

/** The entry changed after approval: its new state, as the PSA connector sends it. */
export function timeRevised(
  approved: EventOf<'TimeApproved'>,
  changes: Partial<EventOf<'TimeApproved'>['data']>,
): EventOf<'TimeRevised'> {
  return {
    ...envelope(approved.data.id),
    type: 'io.ledgerline.time.revised.v1',
    correlationid: approved.data.projectId,
    data: { ...approved.data, ...changes },
  };
}

/** Dated reference data as the ERP's feed gives it: from the ERP's system, which owns it. */
export function fromErp<E extends { source: string }>(event: E, erpSystem = 'sandbox-erp'): E {
  return { ...event, source: erpSystem };
}

/** The PSA closed the project (project status is the PSA's: it comes from the PSA the harness configures). */
export function projectClosed(projectId: string, closedDate = '2026-07-08'): EventOf<'ProjectClosed'> {
  return {
    ...envelope(projectId),
    source: 'sandbox-psa',
    type: 'io.ledgerline.project.closed.v1',
    data: { projectId, closedDate },
  };
}
