// Keyset paging over records kept in creation order: `after` is the last id the caller has seen.

export interface Page<T> {
  readonly data: readonly T[];
  readonly hasMore: boolean;
}

/** `items` must be sorted by ascending sequence; finds the first item after `afterSequence`. */
export function pageAfter<T>(
  items: readonly T[],
  sequenceOfItem: (item: T) => number,
  afterSequence: number | undefined,
  limit: number,
): Page<T> {
  let low = 0;
  if (afterSequence !== undefined) {
    let high = items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const item = items[mid];
      if (item !== undefined && sequenceOfItem(item) <= afterSequence) low = mid + 1;
      else high = mid;
    }
  }
  const data = items.slice(low, low + limit);
  return { data, hasMore: low + limit < items.length };
}

/** A `limit` query parameter: the default when absent, a number within 1..max, or the message to answer. */
export function parseLimit(limit: unknown, defaultLimit: number, max: number): number | string {
  if (limit === undefined) return defaultLimit;
  if (typeof limit !== 'string' || !/^[0-9]{1,4}$/.test(limit) || Number(limit) < 1 || Number(limit) > max)
    return `limit must be an integer from 1 to ${max}`;
  return Number(limit);
}
