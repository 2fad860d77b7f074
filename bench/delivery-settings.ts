// The delivery settings both benchmark workloads give Ledgerline: full batches, two deliverers per target
// and queue, quick retries (the sandboxes inject no faults in a benchmark).
import type { Config } from '../src/config/schema.ts';

export function benchDelivery(thread: 'worker' | 'main'): NonNullable<Config['delivery']> {
  return { batchSize: 1000, concurrency: 2, maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 5000, thread };
}
