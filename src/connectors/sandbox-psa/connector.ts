// The Ledgerline connector for the sandbox PSA, a source and a target. Vendor JSON is parsed and checked
// here and only canonical events leave: `pull` reads the activity feed, `receiveWebhook` verifies and
// reads a push. `push` writes the PSA-bound canonical commands (customer, delivery project, invoice
// status, payment), one request per command with its Idempotency-Key, in order; once a command must be
// retried the rest are not sent (they answer the same retry), so order holds and a throttled PSA is not
// hammered. Commands meant for the ERP are refused with `psa.unsupported_command`.
//
// `pull` throws, and callers should branch on `error.retryable`:
// - SourceUnavailableError (retryable): 503/429/5xx or network failure; wait `retryAfterMs` when set.
// - SourceRequestRejectedError, SourcePayloadError (not retryable): a bad request or a bad vendor record.
// `pull` asks for at most 1000 activities per page (the vendor's cap), whatever `limit` says.
// Activities of kinds this connector does not know are skipped by `pull` (the cursor still moves past
// them) and refused by `receiveWebhook` with 422, so the sender can see it. A rejected expense is a known
// kind that yields no event: it is read (and checked), never exported as an approval.
import type { CanonicalEvent } from '../../contracts/index.ts';
import { checkCanonical, type Checked } from '../kit/check-canonical.ts';
import type { TargetCommand } from '../kit/commands.ts';
import type {
  CustomerReader,
  IncomingWebhook,
  PulledPage,
  PushResult,
  SourceConnector,
  TargetConnector,
  WebhookOutcome,
} from '../kit/connector.ts';
import { malformedWebhook as malformed, readSignedWebhook } from '../kit/read-webhook.ts';
import { compileChecker } from '../kit/schema-checker.ts';
import { decodeWebhookSecrets } from '../kit/webhook-secret.ts';
import { ActivitiesClient } from './client/activities-client.ts';
import { assertSystemName } from './client/canonical-ids.ts';
import { SourcePayloadError } from './client/errors.ts';
import { toCanonicalEvent } from './client/map-activity.ts';
import { toWriteRequest } from './client/map-commands.ts';
import { parseActivity, type ParsedActivity } from './client/parse-activity.ts';
import { WriteClient } from './client/write-client.ts';
import { JsonHttp } from '../kit/json-http.ts';
import { readClient } from './client/read-client.ts';
import { writeResult } from './client/parse-write-result.ts';
import { WebhookEnvelope, maxActivitiesPageSize } from './vendor/schemas.ts';

export { SourcePayloadError } from './client/errors.ts';
export {
  SourceRequestRejectedError,
  SourceUnavailableError,
  isRetryableSourceError,
} from '../kit/source-errors.ts';

export interface SandboxPsaConnectorOptions {
  /** Names the source in event `source` and canonical ids, e.g. "sandbox-psa". */
  readonly system: string;
  readonly baseUrl: string;
  /** Standard Webhooks secret ("whsec_..."), or several while it is rotated (each verifies). */
  readonly webhookSecret: string | readonly string[];
  /** Deadline of one write request; default 30 s. */
  readonly timeoutMs?: number;
}

export interface SandboxPsaConnector extends SourceConnector, TargetConnector, CustomerReader {
  /** Closes the keep-alive connections of `pull` and `push`. */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** The result of a command left unsent after an earlier one had to be retried. */
function notSent(failure: Extract<PushResult, { outcome: 'retry' }>): PushResult {
  return { ...failure, message: `not sent after an earlier command had to be retried: ${failure.message}` };
}

const CURSOR = /^(0|[1-9][0-9]{0,15})$/;
const checkWebhookEnvelope = compileChecker(WebhookEnvelope);

export function createSandboxPsaConnector(options: SandboxPsaConnectorOptions): SandboxPsaConnector {
  const { system } = options;
  assertSystemName(system);
  const key = decodeWebhookSecrets(options.webhookSecret);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1)
    throw new RangeError('timeoutMs must be a positive integer');
  const client = new ActivitiesClient(options.baseUrl);
  const http = new JsonHttp(options.baseUrl, { timeoutMs, connections: 2 });
  const writer = new WriteClient(http);

  /** Maps and checks against the canonical contract; a failure names the activity. */
  const toEvent = (activity: ParsedActivity): Checked =>
    checkCanonical(toCanonicalEvent(activity, system), activity.id);

  return {
    system,

    async pull(cursor, limit) {
      if (cursor !== undefined && !CURSOR.test(cursor))
        throw new RangeError(`not a sandbox PSA cursor: "${cursor}"`);
      if (!Number.isInteger(limit) || limit < 1)
        throw new RangeError(`limit must be a positive integer: ${limit}`);
      const after = cursor === undefined ? 0 : Number(cursor);
      const page = await client.fetchPage(after, Math.min(limit, maxActivitiesPageSize));

      const events: CanonicalEvent[] = [];
      let previous = after;
      for (const raw of page.activities) {
        const parsed = parseActivity(raw);
        if (!parsed.ok) {
          if (parsed.problem === 'unknown-kind') continue;
          throw new SourcePayloadError(parsed.message, parsed.id);
        }
        if (parsed.activity.seq <= previous)
          throw new SourcePayloadError(
            `${parsed.activity.id} is out of order after seq ${previous}`,
            parsed.activity.id,
          );
        previous = parsed.activity.seq;
        const mapped = toEvent(parsed.activity);
        if (!mapped.ok) throw new SourcePayloadError(mapped.message, parsed.activity.id);
        if (mapped.event) events.push(mapped.event);
      }
      if (page.next_after < previous)
        throw new SourcePayloadError(
          `next_after ${page.next_after} is behind the page's last seq ${previous}`,
        );
      return {
        events,
        nextCursor: page.next_after > after ? String(page.next_after) : undefined,
        hasMore: page.has_more,
      } satisfies PulledPage;
    },

    receiveWebhook(webhook: IncomingWebhook): WebhookOutcome {
      const read = readSignedWebhook(key, webhook);
      if (!read.ok) return read.refusal;
      const envelope = checkWebhookEnvelope(read.body);
      if (!envelope.ok) return malformed(`the body is not {"activity": ...}: ${envelope.errors.join('; ')}`);
      const parsed = parseActivity(envelope.value.activity);
      if (!parsed.ok) {
        if (parsed.problem === 'malformed') return malformed(parsed.message);
        const reasonCode =
          parsed.problem === 'unknown-kind' ? 'webhook.unknown_kind' : 'webhook.invalid_record';
        return { ok: false, status: 422, reasonCode, message: parsed.message };
      }
      if (parsed.activity.id !== read.webhookId)
        return malformed(`webhook-id ${read.webhookId} does not match activity ${parsed.activity.id}`);
      const mapped = toEvent(parsed.activity);
      if (!mapped.ok)
        return { ok: false, status: 422, reasonCode: 'webhook.invalid_record', message: mapped.message };
      return { ok: true, events: mapped.event ? [mapped.event] : [], delivery: read.delivery };
    },

    async push(commands: readonly TargetCommand[]): Promise<readonly PushResult[]> {
      const results: PushResult[] = [];
      let halt: Extract<PushResult, { outcome: 'retry' }> | undefined;
      for (const command of commands) {
        const mapped = toWriteRequest(command);
        if (!mapped.ok) results.push(mapped.result);
        else if (halt) results.push(notSent(halt));
        else {
          const result = writeResult(await writer.send(mapped.request, command.idempotencyKey));
          if (result.outcome === 'retry') halt = result;
          results.push(result);
        }
      }
      return results;
    },

    readCustomer: (externalId) => readClient(http, externalId),

    close: async () => {
      await Promise.all([client.close(), http.close()]);
    },
  };
}
