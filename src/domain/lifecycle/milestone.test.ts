// Milestone lifecycle: completion releases billing; billing is final.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { transition, transitionAll } from './machine.ts';
import { milestoneLifecycle } from './milestone.ts';

describe('milestoneLifecycle', () => {
  it('is billed after work and completion, with or without a tracked start', () => {
    assert.deepEqual(transitionAll(milestoneLifecycle, 'planned', ['start', 'complete', 'bill']), {
      ok: true,
      next: 'billed',
    });
    assert.deepEqual(transitionAll(milestoneLifecycle, 'planned', ['complete', 'bill']), {
      ok: true,
      next: 'billed',
    });
  });

  it('goes back to in-progress when the client rejects the deliverable before billing', () => {
    assert.deepEqual(transition(milestoneLifecycle, 'completed', 'reopen'), {
      ok: true,
      next: 'in-progress',
    });
  });

  it('refuses to bill a milestone that is not completed', () => {
    const refused = transition(milestoneLifecycle, 'in-progress', 'bill', 'M-5');
    assert.equal(
      refused.ok ? '' : refused.message,
      'milestone M-5 is in-progress: bill is not allowed; in-progress allows: complete -> completed',
    );
  });

  it('refuses to reopen a billed milestone', () => {
    const refused = transition(milestoneLifecycle, 'billed', 'reopen', 'M-5');
    assert.equal(
      refused.ok ? '' : refused.message,
      'milestone M-5 is billed: reopen is not allowed; billed allows: (none)',
    );
  });
});
