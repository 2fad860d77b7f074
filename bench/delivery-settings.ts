// The delivery settings the benchmark workloads give Ledgerline: full batches, quick retries (the sandboxes
// inject no faults in a benchmark), and `concurrency` deliverers per target and queue.
import type { Config } from '../src/config/schema.ts';

export function benchDelivery(thread: 'worker' | 'main', concurrency = 2): NonNullable<Config['delivery']> {
  return { batchSize: 1000, concurrency, maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 5000, thread };
}
