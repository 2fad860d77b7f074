// Expense lifecycle: rejection sends the claim back; posting is final.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expenseLifecycle } from './expense.ts';
import { transition, transitionAll } from './machine.ts';

describe('expenseLifecycle', () => {
  it('is posted after approval', () => {
    assert.deepEqual(transitionAll(expenseLifecycle, 'submitted', ['approve', 'post']), {
      ok: true,
      next: 'posted',
    });
  });

  it('can be corrected and resubmitted after a rejection', () => {
    assert.deepEqual(
      transitionAll(expenseLifecycle, 'submitted', ['reject', 'resubmit', 'approve', 'post']),
      { ok: true, next: 'posted' },
    );
  });

  it('refuses to post an expense that is not approved', () => {
    const refused = transition(expenseLifecycle, 'submitted', 'post', 'E-501');
    assert.equal(
      refused.ok ? '' : refused.message,
      'expense E-501 is submitted: post is not allowed; submitted allows: approve -> approved, reject -> rejected',
    );
    const rejected = transition(expenseLifecycle, 'rejected', 'post', 'E-501');
    assert.equal(
      rejected.ok ? '' : rejected.message,
      'expense E-501 is rejected: post is not allowed; rejected allows: resubmit -> submitted',
    );
  });

  it('refuses to reject an expense already posted', () => {
    const refused = transition(expenseLifecycle, 'posted', 'reject', 'E-501');
    assert.equal(
      refused.ok ? '' : refused.message,
      'expense E-501 is posted: reject is not allowed; posted allows: (none)',
    );
  });
});
