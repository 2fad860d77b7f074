// Invoice lifecycle: the paths finance sees, and the refusals it must be told about.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { invoiceLifecycle } from './invoice.ts';
import { transition, transitionAll } from './machine.ts';

describe('invoiceLifecycle', () => {
  it('is paid after issue, two part payments and a final one', () => {
    assert.deepEqual(
      transitionAll(invoiceLifecycle, 'draft', ['issue', 'pay-part', 'pay-part', 'pay-in-full']),
      { ok: true, next: 'paid' },
    );
  });

  it('is paid in one payment', () => {
    assert.deepEqual(transitionAll(invoiceLifecycle, 'draft', ['issue', 'pay-in-full']), {
      ok: true,
      next: 'paid',
    });
  });

  it('reopens when a payment is reversed, to part-paid or unpaid by what is left', () => {
    assert.deepEqual(transition(invoiceLifecycle, 'paid', 'reopen-part-paid'), {
      ok: true,
      next: 'part-paid',
    });
    assert.deepEqual(transition(invoiceLifecycle, 'paid', 'reopen-unpaid'), { ok: true, next: 'issued' });
    assert.deepEqual(transition(invoiceLifecycle, 'part-paid', 'reopen-unpaid'), {
      ok: true,
      next: 'issued',
    });
  });

  it('can be voided as a draft or while unpaid', () => {
    assert.deepEqual(transition(invoiceLifecycle, 'draft', 'void'), { ok: true, next: 'void' });
    assert.deepEqual(transitionAll(invoiceLifecycle, 'draft', ['issue', 'void']), { ok: true, next: 'void' });
  });

  it('refuses to void an invoice with money against it, naming what part-paid allows', () => {
    assert.deepEqual(transition(invoiceLifecycle, 'part-paid', 'void', 'INV-7'), {
      ok: false,
      reasonCode: 'lifecycle.illegal_transition',
      message:
        'invoice INV-7 is part-paid: void is not allowed; part-paid allows: pay-part -> part-paid, ' +
        'pay-in-full -> paid, reopen-part-paid -> part-paid, reopen-unpaid -> issued',
      current: 'part-paid',
      event: 'void',
      allowed: [
        { event: 'pay-part', next: 'part-paid' },
        { event: 'pay-in-full', next: 'paid' },
        { event: 'reopen-part-paid', next: 'part-paid' },
        { event: 'reopen-unpaid', next: 'issued' },
      ],
    });
  });

  it('refuses payment of a draft and anything after void', () => {
    const draft = transition(invoiceLifecycle, 'draft', 'pay-in-full', 'INV-8');
    assert.equal(
      draft.ok ? '' : draft.message,
      'invoice INV-8 is draft: pay-in-full is not allowed; draft allows: issue -> issued, void -> void',
    );
    const voided = transitionAll(invoiceLifecycle, 'draft', ['void', 'issue'], 'INV-9');
    assert.equal(
      voided.ok ? '' : voided.message,
      'invoice INV-9 is void: issue is not allowed; void allows: (none)',
    );
  });
});
