// Customer lifecycle: vetting, credit stops and archiving.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { customerLifecycle } from './customer.ts';
import { transition, transitionAll } from './machine.ts';

describe('customerLifecycle', () => {
  it('is active once vetted, and back to active after a credit stop', () => {
    assert.deepEqual(transitionAll(customerLifecycle, 'prospect', ['activate', 'hold', 'resume']), {
      ok: true,
      next: 'active',
    });
  });

  it('can be archived from any other state and restored', () => {
    for (const state of ['prospect', 'active', 'on-hold'] as const)
      assert.deepEqual(transition(customerLifecycle, state, 'archive'), { ok: true, next: 'archived' });
    assert.deepEqual(transition(customerLifecycle, 'archived', 'restore'), { ok: true, next: 'active' });
  });

  it('refuses to put a prospect on hold', () => {
    const refused = transition(customerLifecycle, 'prospect', 'hold', 'A-17');
    assert.equal(
      refused.ok ? '' : refused.message,
      'customer A-17 is prospect: hold is not allowed; prospect allows: activate -> active, archive -> archived',
    );
  });

  it('refuses to resume an archived customer without restoring it', () => {
    const refused = transition(customerLifecycle, 'archived', 'resume', 'A-17');
    assert.equal(
      refused.ok ? '' : refused.message,
      'customer A-17 is archived: resume is not allowed; archived allows: restore -> active',
    );
  });
});
