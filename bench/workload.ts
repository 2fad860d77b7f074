// A firm's worth of canonical events for the benchmark: projects, consultants, approved time.
import type { EventOf } from '../src/contracts/index.ts';

const source = 'bench-psa';
const time = '2026-09-30T17:00:00+01:00';

export function masterData(
  projects: number,
  resources: number,
): (EventOf<'ProjectActivated'> | EventOf<'ResourceUpdated'>)[] {
  const out: (EventOf<'ProjectActivated'> | EventOf<'ResourceUpdated'>)[] = [];
  for (let p = 0; p < projects; p += 1) {
    const id = `project:${source}:P-${p}`;
    out.push({
      specversion: '1.0',
      id: `project-${p}`,
      source,
      subject: id,
      time,
      type: 'io.ledgerline.project.activated.v1',
      data: {
        id,
        code: `P-${p}`,
        name: `Project ${p}`,
        legalEntityId: 'LL-UK',
        currency: 'GBP',
        taxTreatment: 'standard',
        billingModel: 'time-and-materials',
      },
    });
  }
  for (let r = 0; r < resources; r += 1) {
    const id = `resource:${source}:U-${r}`;
    out.push({
      specversion: '1.0',
      id: `resource-${r}`,
      source,
      subject: id,
      time,
      type: 'io.ledgerline.resource.updated.v1',
      data: { id, name: `Consultant ${r}`, costRate: { amount: `${55 + (r % 40)}.50`, currency: 'GBP' } },
    });
  }
  return out;
}

const quarterHours = ['0.25', '0.5', '1', '1.5', '2', '3.75', '4', '6.5', '7.5', '8'];

export function timeEntry(n: number, projects: number, resources: number): EventOf<'TimeApproved'> {
  const id = `time:${source}:${n}`;
  const projectId = `project:${source}:P-${n % projects}`;
  const billable = n % 7 !== 0;
  return {
    specversion: '1.0',
    id: `approval-${n}`,
    source,
    subject: id,
    time,
    type: 'io.ledgerline.time.approved.v1',
    correlationid: projectId,
    data: {
      id,
      projectId,
      resourceId: `resource:${source}:U-${n % resources}`,
      workDate: `2026-09-${String(1 + (n % 28)).padStart(2, '0')}`,
      hours: quarterHours[n % quarterHours.length] ?? '1',
      billable,
      ...(billable
        ? { billRate: { amount: `1${String(n % 90).padStart(2, '0')}.33`, currency: 'GBP' } }
        : {}),
      approvedAt: time,
      approvedBy: 'manager-1',
    },
  };
}
