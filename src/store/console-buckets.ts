// Throughput buckets as both adapters count them: one row per (series, bucket index), merged here.
import type { ActivityBucket } from './port.ts';

export interface BucketRow {
  bucket: number;
  n: number;
}

/** Merges per-bucket counts of three series into buckets in time order. */
export function mergeBuckets(
  since: number,
  bucketMs: number,
  series: Record<'received' | 'completed' | 'delivered', readonly BucketRow[]>,
): ActivityBucket[] {
  const byBucket = new Map<number, { received: number; completed: number; delivered: number }>();
  for (const [name, rows] of Object.entries(series) as [keyof typeof series, readonly BucketRow[]][])
    for (const row of rows) {
      const entry = byBucket.get(row.bucket) ?? { received: 0, completed: 0, delivered: 0 };
      entry[name] += row.n;
      byBucket.set(row.bucket, entry);
    }
  return [...byBucket.entries()]
    .sort(([a], [b]) => a - b)
    .map(([bucket, counts]) => ({ at: since + bucket * bucketMs, ...counts }));
}
