// The write lock shared by the service's threads: a waiter is woken when the holder releases, and takes
// the lock over from a holder that never releases it (a thread that died while writing).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { ThreadWriteLock } from '../../src/store/sqlite/write-lock.ts';

/** A plain-JS thread that holds the lock of `buffer` for `holdMs`, then releases it (or not). */
function holder(buffer: SharedArrayBuffer, holdMs: number, release: boolean): Promise<void> {
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    const word = new Int32Array(workerData.buffer);
    if (Atomics.compareExchange(word, 0, 0, 1) !== 0) throw new Error('lock not free');
    parentPort.postMessage('held');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
    if (workerData.release) { Atomics.store(word, 0, 0); Atomics.notify(word, 0, 1); }
  `;
  const worker = new Worker(code, { eval: true, workerData: { buffer, holdMs, release } });
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
}

describe('ThreadWriteLock', () => {
  it('is taken at once when free, and free again after release', () => {
    const lock = new ThreadWriteLock();
    const start = Date.now();
    lock.acquire(1_000);
    lock.release();
    lock.acquire(1_000);
    lock.release();
    assert.ok(Date.now() - start < 500);
  });

  it('makes a waiter wait until the other thread releases it', async () => {
    const lock = new ThreadWriteLock();
    await holder(lock.buffer, 300, true);
    const start = Date.now();
    lock.acquire(5_000);
    const waited = Date.now() - start;
    lock.release();
    assert.ok(waited >= 150, `waited ${waited} ms for a lock held 300 ms`);
    assert.ok(waited < 4_000, `waited ${waited} ms: not woken on release`);
  });

  it('is taken over from a holder that never releases it, after the timeout', async () => {
    const lock = new ThreadWriteLock();
    await holder(lock.buffer, 0, false);
    const start = Date.now();
    lock.acquire(200);
    const waited = Date.now() - start;
    lock.release();
    assert.ok(waited >= 150, `took it over after ${waited} ms, before the timeout`);
    lock.acquire(1_000);
    lock.release();
  });
});
