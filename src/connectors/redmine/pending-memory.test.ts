// The memory one pull sees: saved records overlaid with the pull's own changes, no server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PendingMemory } from './client/pending-memory.ts';
import { MapMemory } from '../../../test/support/map-memory.ts';

describe('PendingMemory', () => {
  it("answers with the pull's changes on top of what was saved, and lists them in order", async () => {
    const saved = new MapMemory();
    saved.apply([
      { op: 'set', kind: 't', nativeId: '1', scope: 'A', fingerprint: 'f1' },
      { op: 'set', kind: 't', nativeId: '2', scope: 'A', fingerprint: 'f2' },
      { op: 'set', kind: 't', nativeId: '3', scope: 'B', fingerprint: 'f3' },
    ]);
    const pending = new PendingMemory(saved);
    pending.set('t', '2', 'B', 'g2'); // moved from A to B
    pending.forget('t', '1');
    pending.set('t', '4', 'A', 'g4');

    assert.deepEqual([...(await pending.recallScope('t', 'A'))], [['4', { fingerprint: 'g4', scope: 'A' }]]);
    assert.deepEqual([...(await pending.recallScope('t', 'B'))].sort(), [
      ['2', { fingerprint: 'g2', scope: 'B' }],
      ['3', { fingerprint: 'f3', scope: 'B' }],
    ]);
    assert.deepEqual([...(await pending.recall('t', ['1', '2', '3']))].sort(), [
      ['2', { fingerprint: 'g2', scope: 'B' }],
      ['3', { fingerprint: 'f3', scope: 'B' }],
    ]);
    assert.deepEqual(
      pending.changes.map((c) => `${c.op} ${c.nativeId}`),
      ['set 2', 'forget 1', 'set 4'],
    );
    assert.equal(saved.size('t'), 3, 'the saved memory is never written');
  });
});
