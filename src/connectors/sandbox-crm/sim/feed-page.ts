// Keyset paging over the event log: `after` is the id of the last event the caller has seen. Event ids
// are contiguous positions in the log, so the page is a slice.
import { seqOfEventId, type VendorDealEvent } from '../vendor/deal-events.ts';

export interface DealEventPageBody {
  readonly data: readonly VendorDealEvent[];
  readonly has_more: boolean;
  /** The last event id of `data`; when `data` is empty, the cursor given (null if none). */
  readonly next_cursor: string | null;
}

export function dealEventsAfter(
  events: readonly VendorDealEvent[],
  after: string | undefined,
  limit: number,
): DealEventPageBody {
  const start = after === undefined ? 0 : Math.min(seqOfEventId(after), events.length);
  const data = events.slice(start, start + limit);
  const last = data.at(-1);
  return {
    data,
    has_more: start + data.length < events.length,
    next_cursor: last?.event_id ?? after ?? null,
  };
}
