// Reads pages of the activity feed through the kit's FeedClient, which classifies every failure as
// retryable (SourceUnavailableError) or not (SourceRequestRejectedError, SourcePayloadError).
import { FeedClient } from '../../kit/feed-client.ts';
import { compileChecker } from '../../kit/schema-checker.ts';
import { ActivityPage, activitiesPath } from '../vendor/schemas.ts';
import { SourcePayloadError } from './errors.ts';

export interface RawActivityPage {
  readonly activities: readonly unknown[];
  readonly next_after: number;
  readonly has_more: boolean;
}

const checkPage = compileChecker(ActivityPage);

export class ActivitiesClient {
  private readonly feed: FeedClient<RawActivityPage>;

  constructor(baseUrl: string) {
    this.feed = new FeedClient({ baseUrl, checkPage, PayloadError: SourcePayloadError });
  }

  fetchPage(after: number, limit: number): Promise<RawActivityPage> {
    return this.feed.fetchPage(`${activitiesPath}?after=${after}&limit=${limit}`);
  }

  close(): Promise<void> {
    return this.feed.close();
  }
}
