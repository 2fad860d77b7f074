// Opportunity lifecycle: won once; lost can be reopened.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { transition, transitionAll } from './machine.ts';
import { opportunityLifecycle } from './opportunity.ts';

describe('opportunityLifecycle', () => {
  it('is won, or lost and then reopened and won', () => {
    assert.deepEqual(transition(opportunityLifecycle, 'open', 'win'), { ok: true, next: 'closed-won' });
    assert.deepEqual(transitionAll(opportunityLifecycle, 'open', ['lose', 'reopen', 'win']), {
      ok: true,
      next: 'closed-won',
    });
  });

  it('refuses to reopen or lose a won deal', () => {
    for (const event of ['reopen', 'lose'] as const) {
      const refused = transition(opportunityLifecycle, 'closed-won', event, 'O-311');
      assert.equal(
        refused.ok ? '' : refused.message,
        `opportunity O-311 is closed-won: ${event} is not allowed; closed-won allows: (none)`,
      );
    }
  });

  it('refuses to win a lost deal without reopening it', () => {
    const refused = transition(opportunityLifecycle, 'closed-lost', 'win', 'O-311');
    assert.equal(
      refused.ok ? '' : refused.message,
      'opportunity O-311 is closed-lost: win is not allowed; closed-lost allows: reopen -> open',
    );
  });
});
