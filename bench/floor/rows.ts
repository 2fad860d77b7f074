// The rows the raw-store floor writes: for event n, the events row Ledgerline's intake would store for
// the bench's n-th approved time entry (the same envelope) and one outbox row shaped like the one its
// decision writes (two commands, about the same size; nothing is computed: the floor measures the store).
import { timeEntry } from '../workload.ts';

export interface FloorRow {
  readonly source: string;
  readonly eventId: string;
  readonly type: string;
  readonly subject: string;
  readonly envelope: string;
  readonly orderingKey: string;
  /** 0-63, one per ordering key (Ledgerline hashes the key; any fixed spread does here). */
  readonly lane: number;
  readonly idempotencyKey: string;
  readonly payload: string;
}

export const floorTarget = 'sandbox-erp';
export const floorBatch = 1000;

export function floorRow(n: number): FloorRow {
  const event = timeEntry(n, 200, 500);
  const { data } = event;
  const common = {
    timeEntryId: data.id,
    projectId: data.projectId,
    projectExternalId: 'X-1',
    resourceId: data.resourceId,
    workDate: data.workDate,
    hours: data.hours,
  };
  const commands = [
    {
      kind: 'postBillableLine',
      idempotencyKey: `${data.id}/billable-line`,
      ...common,
      rate: data.billRate ?? { amount: '0.00', currency: 'GBP' },
      amount: data.billRate ?? { amount: '0.00', currency: 'GBP' },
      description: '',
    },
    {
      kind: 'postCost',
      idempotencyKey: `${data.id}/cost`,
      ...common,
      costRate: { amount: '74.50', currency: 'GBP' },
      amount: { amount: '596.00', currency: 'GBP' },
    },
  ];
  return {
    source: event.source,
    eventId: event.id,
    type: event.type,
    subject: event.subject,
    envelope: JSON.stringify(event),
    orderingKey: data.projectId,
    lane: (n % 200) % 64,
    idempotencyKey: `${data.id}/postings`,
    payload: JSON.stringify(commands),
  };
}

/** Rows n = from .. from + count - 1. */
export function floorRows(from: number, count: number): FloorRow[] {
  return Array.from({ length: count }, (_, k) => floorRow(from + k));
}
