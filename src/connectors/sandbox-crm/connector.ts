// The Ledgerline source connector for the sandbox CRM. Vendor JSON is parsed and checked here and only
// canonical events leave: `pull` reads the deal event feed, `receiveWebhook` verifies and reads a push.
// Only a deal moving into closed_won becomes an event (OpportunityClosedWon); every other stage change
// is read, checked and passed over (the cursor still moves past it).
//
// `pull` throws only these, and callers should branch on `error.retryable`:
// - SourceUnavailableError (retryable): 429, 5xx or network failure; wait `retryAfterMs` when set.
// - SourceRequestRejectedError (not retryable): 401/403 (`source.unauthorized`) or another 4xx.
// - SourcePayloadError (not retryable): a page or a deal event the vendor should not have sent; it names
//   the event, and the cursor stays before it until the vendor's data is fixed.
// A malformed cursor or limit is the caller's bug and throws RangeError.
// `pull` asks for at most 1000 events per page (the vendor's cap), whatever `limit` says.
import type { CanonicalEvent } from '../../contracts/index.ts';
import { checkCanonical, type Checked } from '../kit/check-canonical.ts';
import type { IncomingWebhook, PulledPage, SourceConnector, WebhookOutcome } from '../kit/connector.ts';
import { malformedWebhook as malformed, readSignedWebhook } from '../kit/read-webhook.ts';
import { compileChecker } from '../kit/schema-checker.ts';
import { decodeWebhookSecrets } from '../kit/webhook-secret.ts';
import { assertSystemName } from './client/canonical-ids.ts';
import { DealEventsClient } from './client/deal-events-client.ts';
import { SourcePayloadError } from './client/errors.ts';
import { toCanonicalEvent } from './client/map-deal-event.ts';
import { parseDealEvent, type ParsedStageChange } from './client/parse-deal-event.ts';
import {
  WebhookPayload,
  eventIdPattern,
  maxDealEventsPageSize,
  stageChangedType,
} from './vendor/deal-events.ts';

export { SourcePayloadError } from './client/errors.ts';
export {
  SourceRequestRejectedError,
  SourceUnavailableError,
  isRetryableSourceError,
} from '../kit/source-errors.ts';

export interface SandboxCrmConnectorOptions {
  /** Names the source in event `source` and canonical ids, e.g. "sandbox-crm". */
  readonly system: string;
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>` on every feed request. */
  readonly apiKey: string;
  /**
   * Standard Webhooks secret ("whsec_..."), or several while it is rotated (each verifies); without it
   * every webhook is refused and only `pull` works.
   */
  readonly webhookSecret?: string | readonly string[];
}

export interface SandboxCrmConnector extends SourceConnector {
  /** Closes the keep-alive connections of `pull`. */
  close(): Promise<void>;
}

const checkWebhookPayload = compileChecker(WebhookPayload);

export function createSandboxCrmConnector(options: SandboxCrmConnectorOptions): SandboxCrmConnector {
  const { system } = options;
  assertSystemName(system);
  if (options.apiKey.length === 0) throw new RangeError('apiKey must not be empty');
  const key = options.webhookSecret === undefined ? undefined : decodeWebhookSecrets(options.webhookSecret);
  const client = new DealEventsClient(options.baseUrl, options.apiKey);

  /** Maps and checks against the canonical contract; a failure names the deal event. */
  const toEvent = (change: ParsedStageChange): Checked =>
    checkCanonical(toCanonicalEvent(change, system), change.id);

  return {
    system,

    async pull(cursor, limit) {
      if (cursor !== undefined && !eventIdPattern.test(cursor))
        throw new RangeError(`not a sandbox CRM cursor: "${cursor}"`);
      if (!Number.isInteger(limit) || limit < 1)
        throw new RangeError(`limit must be a positive integer: ${limit}`);
      const page = await client.fetchPage(cursor, Math.min(limit, maxDealEventsPageSize));

      const events: CanonicalEvent[] = [];
      // Fixed-width ids: string order is feed order.
      let previous = cursor;
      const inOrder = (id: string): void => {
        if (previous !== undefined && id <= previous)
          throw new SourcePayloadError(`${id} is out of order after ${previous}`, id);
        previous = id;
      };
      for (const raw of page.data) {
        const parsed = parseDealEvent(raw);
        if (!parsed.ok) {
          if (parsed.problem !== 'unknown-type' || parsed.id === undefined)
            throw new SourcePayloadError(parsed.message, parsed.id);
          inOrder(parsed.id); // a newer kind of event: passed over, but the cursor moves past it
          continue;
        }
        inOrder(parsed.change.id);
        const mapped = toEvent(parsed.change);
        if (!mapped.ok) throw new SourcePayloadError(mapped.message, parsed.change.id);
        if (mapped.event) events.push(mapped.event);
      }
      const next = page.next_cursor;
      if (page.data.length > 0 && next !== previous)
        throw new SourcePayloadError(`next_cursor ${String(next)} is not the page's last event ${previous}`);
      if (page.data.length === 0 && page.has_more)
        throw new SourcePayloadError('an empty page claims has_more');
      if (cursor !== undefined && next !== null && next < cursor)
        throw new SourcePayloadError(`next_cursor ${next} is behind the cursor ${cursor}`);
      return {
        events,
        nextCursor: next !== null && next !== cursor ? next : undefined,
        hasMore: page.has_more,
      } satisfies PulledPage;
    },

    receiveWebhook(webhook: IncomingWebhook): WebhookOutcome {
      if (key === undefined)
        return {
          ok: false,
          status: 401,
          reasonCode: 'webhook.secret_not_configured',
          message: `no webhook secret is configured for ${system}`,
        };
      const read = readSignedWebhook(key, webhook);
      if (!read.ok) return read.refusal;
      const payload = checkWebhookPayload(read.body);
      if (!payload.ok)
        return malformed(`the body is not {"type", "timestamp", "data"}: ${payload.errors.join('; ')}`);
      if (payload.value.type !== stageChangedType)
        return unprocessable('webhook.unknown_kind', `unknown webhook type "${payload.value.type}"`);
      const parsed = parseDealEvent(payload.value.data);
      if (!parsed.ok) {
        if (parsed.problem === 'invalid-record')
          return unprocessable('webhook.invalid_record', parsed.message);
        return malformed(parsed.message);
      }
      if (parsed.change.id !== read.webhookId)
        return malformed(`webhook-id ${read.webhookId} does not match deal event ${parsed.change.id}`);
      const mapped = toEvent(parsed.change);
      if (!mapped.ok) return unprocessable('webhook.invalid_record', mapped.message);
      return { ok: true, events: mapped.event ? [mapped.event] : [], delivery: read.delivery };
    },

    close: () => client.close(),
  };
}

function unprocessable(reasonCode: string, message: string): WebhookOutcome {
  return { ok: false, status: 422, reasonCode, message };
}
