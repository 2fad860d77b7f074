// Reads pages of the deal event feed through the kit's FeedClient, with the API key, which classifies
// every failure as retryable (SourceUnavailableError) or not (SourceRequestRejectedError,
// SourcePayloadError). A refused key (401, 403) is told apart as `source.unauthorized`.
import { FeedClient } from '../../kit/feed-client.ts';
import { compileChecker } from '../../kit/schema-checker.ts';
import { DealEventPage, dealEventsPath } from '../vendor/deal-events.ts';
import { SourcePayloadError } from './errors.ts';

const checkPage = compileChecker(DealEventPage);

export class DealEventsClient {
  private readonly feed: FeedClient<DealEventPage>;

  constructor(baseUrl: string, apiKey: string) {
    this.feed = new FeedClient({
      baseUrl,
      checkPage,
      PayloadError: SourcePayloadError,
      headers: { authorization: `Bearer ${apiKey}` },
      rejectedReason: (status) =>
        status === 401 || status === 403 ? 'source.unauthorized' : 'source.request_rejected',
    });
  }

  fetchPage(after: string | undefined, limit: number): Promise<DealEventPage> {
    const query = after === undefined ? `limit=${limit}` : `after=${after}&limit=${limit}`;
    return this.feed.fetchPage(`${dealEventsPath}?${query}`);
  }

  close(): Promise<void> {
    return this.feed.close();
  }
}
