// Project lifecycle: set-up, holds, closing and reopening for late approvals.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { transition, transitionAll } from './machine.ts';
import { projectLifecycle } from './project.ts';

describe('projectLifecycle', () => {
  it('is closed after activation, a hold and its end', () => {
    assert.deepEqual(transitionAll(projectLifecycle, 'draft', ['activate', 'hold', 'resume', 'close']), {
      ok: true,
      next: 'closed',
    });
    assert.deepEqual(transition(projectLifecycle, 'on-hold', 'close'), { ok: true, next: 'closed' });
  });

  it('is active again when reopened for a late approval', () => {
    assert.deepEqual(transition(projectLifecycle, 'closed', 'reopen'), { ok: true, next: 'active' });
  });

  it('refuses to close a draft that never ran', () => {
    const refused = transition(projectLifecycle, 'draft', 'close', 'P-1001');
    assert.equal(
      refused.ok ? '' : refused.message,
      'project P-1001 is draft: close is not allowed; draft allows: activate -> active',
    );
  });

  it('refuses to put a closed project on hold', () => {
    const refused = transition(projectLifecycle, 'closed', 'hold', 'P-1001');
    assert.equal(
      refused.ok ? '' : refused.message,
      'project P-1001 is closed: hold is not allowed; closed allows: reopen -> active',
    );
  });
});
