// Turns at writing for the threads of one process that share a SQLite file (the service and its delivery
// thread). SQLite's own lock keeps the writes correct; this one only makes waiting prompt: SQLite's busy
// handler sleeps in growing steps (1, 2, 5 ... 100 ms), so a thread that writes back to back (intake under
// load) starved the other, which woke to find the lock taken again. Here a waiter is woken the moment the
// lock is released.
const free = 0;
const held = 1;

export class ThreadWriteLock {
  readonly buffer: SharedArrayBuffer;
  readonly #word: Int32Array;

  /** Pass the buffer of another thread's lock to share it (a SharedArrayBuffer crosses to a worker). */
  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
    this.#word = new Int32Array(buffer);
  }

  /**
   * Waits for the lock. A holder that does not release it within `timeoutMs` (a thread that died while
   * writing) loses it: the waiter takes it over, and SQLite's lock still keeps the two apart.
   */
  acquire(timeoutMs: number): void {
    const deadline = Date.now() + timeoutMs;
    while (Atomics.compareExchange(this.#word, 0, free, held) !== free) {
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(this.#word, 0, held, left) === 'timed-out') {
        Atomics.store(this.#word, 0, held);
        return;
      }
    }
  }

  release(): void {
    Atomics.store(this.#word, 0, free);
    Atomics.notify(this.#word, 0, 1);
  }
}
