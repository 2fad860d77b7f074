// Hand-written records for the reconciliation tests: one project of LL-UK in October 2026 unless told.
import type { ReconRecord } from '../../src/reconcile/record.ts';

export function time(ref: string, fields: Partial<ReconRecord> = {}): ReconRecord {
  return {
    type: 'billable-time',
    ref,
    entity: 'LL-UK',
    project: 'project:psa:P-1',
    date: '2026-10-05',
    hours: '7.50',
    amount: '999.98',
    currency: 'GBP',
    ...fields,
  };
}

export function cost(ref: string, fields: Partial<ReconRecord> = {}): ReconRecord {
  return time(ref, { type: 'cost', amount: '468.75', ...fields });
}

export function expense(ref: string, fields: Partial<ReconRecord> = {}): ReconRecord {
  const { hours: _hours, ...noHours } = time(ref, { type: 'expense', amount: '145.60', ...fields });
  return fields.hours === undefined ? noHours : { ...noHours, hours: fields.hours };
}
