// Billing schedule item lifecycle: release, then invoice; a release can be withdrawn until invoiced.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { billingScheduleItemLifecycle } from './billing-schedule-item.ts';
import { transition, transitionAll } from './machine.ts';

describe('billingScheduleItemLifecycle', () => {
  it('is invoiced after release, also after a withdrawn release', () => {
    assert.deepEqual(
      transitionAll(billingScheduleItemLifecycle, 'scheduled', ['release', 'withdraw', 'release', 'invoice']),
      { ok: true, next: 'invoiced' },
    );
  });

  it('refuses to invoice an item that was not released', () => {
    const refused = transition(billingScheduleItemLifecycle, 'scheduled', 'invoice', 'BS-311-1');
    assert.equal(
      refused.ok ? '' : refused.message,
      'billing schedule item BS-311-1 is scheduled: invoice is not allowed; scheduled allows: release -> released',
    );
  });

  it('refuses to withdraw or release an invoiced item', () => {
    for (const event of ['withdraw', 'release'] as const) {
      const refused = transition(billingScheduleItemLifecycle, 'invoiced', event, 'BS-311-1');
      assert.equal(
        refused.ok ? '' : refused.message,
        `billing schedule item BS-311-1 is invoiced: ${event} is not allowed; invoiced allows: (none)`,
      );
    }
  });
});
