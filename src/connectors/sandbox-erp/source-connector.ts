// The ERP as a Ledgerline source: it is the system of record for customers, invoices and payments, and
// publishes them on its change feed. `pull` reads a page after the cursor (the last change id) and maps
// each change to a canonical event checked against the contract.
//
// Failed requests throw (ErpFeedUnavailableError is retryable and carries Retry-After). Bad data never
// throws: a change that cannot be read or mapped is skipped, reported through `onInvalidChange`, and the
// cursor moves past it, so one bad record cannot stop the feed; a page that cannot be read at all is
// reported and answered as an empty page, so the poller tries again after its interval.
import { validateEvent, type CanonicalEvent } from '../../contracts/index.ts';
import type { IncomingWebhook, PulledPage, SourceConnector, WebhookOutcome } from '../kit/connector.ts';
import type { ErpHttpClient } from './erp-http-client.ts';
import { fetchChanges } from './feed-client.ts';
import { sequenceOf } from './ids.ts';
import { toCanonicalEvent } from './map-changes.ts';
import { parseChange } from './parse-change.ts';
import { MAX_FEED_PAGE } from './wire-feed.ts';
import type { VendorChange } from './wire-feed.ts';

export interface InvalidChange {
  readonly reasonCode: 'erp.invalid_change' | 'erp.invalid_page';
  /** The change's id, when it could be read. */
  readonly changeId?: string;
  readonly message: string;
}

export type ErpSource = Pick<SourceConnector, 'pull' | 'receiveWebhook'>;

const SYSTEM = /^[A-Za-z0-9._-]{1,64}$/;

function sequence(changeId: string | null | undefined): number | undefined {
  return typeof changeId === 'string' ? sequenceOf('change', changeId) : undefined;
}

export function createErpSource(
  system: string,
  client: ErpHttpClient,
  onInvalidChange: (problem: InvalidChange) => void,
): ErpSource {
  if (!SYSTEM.test(system)) throw new RangeError(`system "${system}" must match ${SYSTEM.source}`);

  const report = (message: string, changeId?: string) =>
    onInvalidChange({
      reasonCode: 'erp.invalid_change',
      ...(changeId === undefined ? {} : { changeId }),
      message,
    });

  /** The change as a canonical event checked against the contract, or undefined (reported) if invalid. */
  function eventOf(change: VendorChange): CanonicalEvent | undefined {
    const result = validateEvent(toCanonicalEvent(change, system));
    if (result.ok) return result.event;
    const fields = result.errors.map((e) => `${e.pointer} ${e.message}`).join('; ');
    report(
      `${change.change_id} (${change.type}) maps to an invalid canonical event: ${fields}`,
      change.change_id,
    );
    return undefined;
  }

  return {
    async pull(cursor, limit): Promise<PulledPage> {
      const after = cursor === undefined ? 0 : sequence(cursor);
      if (after === undefined) throw new RangeError(`not a sandbox ERP cursor: "${String(cursor)}"`);
      if (!Number.isInteger(limit) || limit < 1)
        throw new RangeError(`limit must be a positive integer: ${limit}`);
      const answer = await fetchChanges(client, cursor, Math.min(limit, MAX_FEED_PAGE));
      if (!answer.ok) {
        onInvalidChange({ reasonCode: 'erp.invalid_page', message: answer.message });
        return { events: [], nextCursor: undefined, hasMore: false };
      }
      const events: CanonicalEvent[] = [];
      let last = after;
      let lastId = cursor;
      for (const raw of answer.data) {
        const parsed = parseChange(raw);
        const changeId = parsed.ok ? parsed.change.change_id : parsed.changeId;
        const seq = sequence(changeId);
        if (seq === undefined || seq <= last) {
          // Without an id after the cursor the change cannot be placed in the feed, so it is not read.
          report(
            parsed.ok || parsed.problem === 'unknown-type'
              ? `${String(changeId)} is not a change id after ${lastId ?? 'the start'}`
              : parsed.message,
            changeId,
          );
          continue;
        }
        last = seq;
        lastId = changeId;
        if (parsed.ok) {
          const event = eventOf(parsed.change);
          if (event) events.push(event);
        } else if (parsed.problem !== 'unknown-type') {
          report(parsed.message, changeId);
        }
        // A change type added after this connector is not an error: skipped quietly, like the PSA's.
      }
      // The ERP's own cursor when it is ahead of what the page showed (skipped tail), else the last id.
      const next = sequence(answer.nextAfter);
      if (answer.nextAfter !== null && next === undefined)
        onInvalidChange({
          reasonCode: 'erp.invalid_page',
          message: `next_after "${answer.nextAfter}" is not a change id; resuming after the last change read`,
        });
      if (answer.nextAfter !== null && next !== undefined && next > last) lastId = answer.nextAfter;
      const advanced = lastId !== cursor;
      return {
        events,
        nextCursor: advanced ? lastId : undefined,
        // Never "more" without progress: a page that did not move the cursor would be read forever.
        hasMore: answer.hasMore && advanced,
      };
    },

    receiveWebhook(_webhook: IncomingWebhook): WebhookOutcome {
      return {
        ok: false,
        status: 422,
        reasonCode: 'webhook.not_supported',
        message: `the sandbox ERP sends no webhooks; ${system} is read from its change feed`,
      };
    },
  };
}
