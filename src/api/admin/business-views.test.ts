// The business views' arithmetic on stored events: which billable time counts as invoiced, hours summed
// as decimals, and invoice delays per legal entity.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../../contracts/index.ts';
import type { EventState, StoredEvent } from '../../store/port.ts';
import { invoiceCoverage, invoiceDelays, unbilledTime } from './business-views.ts';

let seq = 0;
function stored(
  type: string,
  data: object,
  state: EventState = 'completed',
  receivedAt = 1_000,
  completedAt: number | null = 2_000,
): StoredEvent {
  seq += 1;
  const subject = (data as { id?: string }).id ?? `x-${seq}`;
  return {
    seq,
    event: {
      specversion: '1.0',
      id: `e-${seq}`,
      source: 'psa',
      type,
      subject,
      data,
    } as unknown as CanonicalEvent,
    queue: 'transactional',
    state,
    receivedAt,
    completedAt: state === 'completed' ? completedAt : null,
    reasonCode: null,
    reason: null,
    replays: 0,
  };
}

const time = (
  id: string,
  hours: string,
  workDate: string,
  state: EventState = 'completed',
  billable = true,
) =>
  stored(
    'io.ledgerline.time.approved.v1',
    { id, projectId: 'project:p:1', workDate, hours, billable },
    state,
  );
const invoice = (data: object, state: EventState = 'completed', receivedAt = 1_000, completedAt = 2_000) =>
  stored(
    'io.ledgerline.invoice.issued.v1',
    { id: `invoice:${seq}`, projectId: 'project:p:1', legalEntityId: 'LL-UK', ...data },
    state,
    receivedAt,
    completedAt,
  );

const uk = () => ({ domain: 'time', entity: 'LL-UK' });

describe('business views', () => {
  const times = [
    time('time:p:1', '7.25', '2026-07-01'),
    time('time:p:2', '0.10', '2026-07-20'),
    time('time:p:3', '0.20', '2026-07-21'),
    time('time:p:4', '1.5', '2026-07-02', 'parked'),
    time('time:p:5', '8', '2026-07-01', 'completed', false),
  ];

  it('counts billable time invoiced by the entries an invoice names', () => {
    const coverage = invoiceCoverage([
      invoice({ issueDate: '2026-07-31', lines: [{ timeEntryIds: ['time:p:2'] }] }),
    ]);
    assert.equal(coverage.links, 'time-entries');
    const view = unbilledTime(times, coverage, uk, 10_000);
    assert.deepEqual(view.entities, [
      {
        entity: 'LL-UK',
        billable: { entries: 4, hours: '9.05' },
        notPosted: { entries: 1, hours: '1.50' },
        // 7.25 + 0.20 exactly, not 7.449999...
        postedNotInvoiced: { entries: 2, hours: '7.45' },
        invoiced: { entries: 1, hours: '0.10' },
      },
    ]);
    assert.deepEqual(
      view.notPosted.map((t) => [t.subject, t.hours, t.ageMs]),
      [['time:p:4', '1.5', 9_000]],
    );
  });

  it('falls back to the project and the issue date when invoices name no entries', () => {
    const coverage = invoiceCoverage([invoice({ issueDate: '2026-07-20', lines: [{}] })]);
    assert.equal(coverage.links, 'project-and-date');
    const view = unbilledTime(times, coverage, uk, 10_000);
    assert.deepEqual(view.entities[0]?.invoiced, { entries: 2, hours: '7.35' });
    assert.deepEqual(view.entities[0]?.postedNotInvoiced, { entries: 1, hours: '0.20' });
    assert.equal(invoiceCoverage([]).links, 'none');
  });

  it('measures invoice delays per legal entity, pending ones by age', () => {
    const delays = invoiceDelays(
      [
        invoice({}, 'completed', 1_000, 1_500),
        invoice({}, 'completed', 1_000, 4_000),
        invoice({}, 'delivering', 2_000),
      ],
      () => ({ domain: 'invoice', entity: 'LL-UK' }),
      12_000,
    );
    assert.deepEqual(delays, [
      {
        entity: 'LL-UK',
        delivered: { count: 2, p50Ms: 500, p95Ms: 3_000, maxMs: 3_000 },
        pending: 1,
        oldestPendingMs: 10_000,
      },
    ]);
  });
});
