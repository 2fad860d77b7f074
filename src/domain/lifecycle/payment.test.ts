// Payment lifecycle: allocation can be undone, a reversal cannot.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { transition, transitionAll } from './machine.ts';
import { paymentLifecycle } from './payment.ts';

describe('paymentLifecycle', () => {
  it('is allocated after receipt, and can be reallocated after an allocation in error', () => {
    assert.deepEqual(transitionAll(paymentLifecycle, 'received', ['allocate', 'unallocate', 'allocate']), {
      ok: true,
      next: 'allocated',
    });
  });

  it('can be reversed before or after allocation', () => {
    assert.deepEqual(transition(paymentLifecycle, 'received', 'reverse'), { ok: true, next: 'reversed' });
    assert.deepEqual(transition(paymentLifecycle, 'allocated', 'reverse'), { ok: true, next: 'reversed' });
  });

  it('refuses to allocate a reversed payment', () => {
    const refused = transition(paymentLifecycle, 'reversed', 'allocate', 'PAY-7710');
    assert.equal(
      refused.ok ? '' : refused.message,
      'payment PAY-7710 is reversed: allocate is not allowed; reversed allows: (none)',
    );
  });

  it('refuses to allocate twice', () => {
    const refused = transition(paymentLifecycle, 'allocated', 'allocate', 'PAY-7710');
    assert.equal(
      refused.ok ? '' : refused.message,
      'payment PAY-7710 is allocated: allocate is not allowed; allocated allows: unallocate -> received, reverse -> reversed',
    );
  });
});
