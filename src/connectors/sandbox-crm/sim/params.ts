// Query parameters of the deal feed arrive as text; these parse them strictly or refuse with a 400.
import { defaultDealEventsPageSize, eventIdPattern, maxDealEventsPageSize } from '../vendor/deal-events.ts';
import { SandboxCrmError } from './errors.ts';

export interface FeedQuery {
  readonly after: string | undefined;
  readonly limit: number;
}

export function parseFeedQuery(query: unknown): FeedQuery {
  const { after, limit } = (query ?? {}) as Record<string, unknown>;
  if (after !== undefined && (typeof after !== 'string' || !eventIdPattern.test(after)))
    throw new SandboxCrmError(
      'invalid_request',
      'after must be a next_cursor returned by this feed, given once',
    );
  if (limit === undefined) return { after, limit: defaultDealEventsPageSize };
  const n = typeof limit === 'string' && /^[0-9]{1,4}$/.test(limit) ? Number(limit) : NaN;
  if (!(n >= 1 && n <= maxDealEventsPageSize))
    throw new SandboxCrmError(
      'invalid_request',
      `limit must be an integer from 1 to ${maxDealEventsPageSize}`,
    );
  return { after, limit: n };
}
