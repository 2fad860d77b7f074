// The Ledgerline connector for the sandbox ERP. As a target: canonical commands in, one push result per
// command out, through the ERP's batch endpoint. Chunks go sequentially to keep the order; once a
// chunk must be retried, later chunks are not sent (they answer the same retry), so order holds.
// As a source (source-connector.ts): customers, invoices and payments pulled from its change feed.
import type { TargetCommand } from '../kit/commands.ts';
import type { PushResult, SourceConnector, TargetConnector } from '../kit/connector.ts';
import { ErpHttpClient } from './erp-http-client.ts';
import { toOperation } from './map-commands.ts';
import { badResponse, parseBatchResults, requestFailure } from './parse-results.ts';
import type { BatchAnswer } from './parse-results.ts';
import { createErpSource } from './source-connector.ts';
import type { InvalidChange } from './source-connector.ts';
import { MAX_BATCH_OPERATIONS } from './wire.ts';
import type { BatchOperation, BatchRequest } from './wire.ts';

export interface SandboxErpConnectorOptions {
  /** The system name commands and cross-references use, normally 'sandbox-erp'. */
  readonly system: string;
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Operations per request, 1 to 1000; default 500. */
  readonly maxBatch?: number;
  /** Whole-request deadline; default 30 s. */
  readonly timeoutMs?: number;
  /** Told of every change `pull` skips as unreadable; defaults to a line on stderr. */
  readonly onInvalidChange?: (problem: InvalidChange) => void;
}

export type { InvalidChange } from './source-connector.ts';
export { ErpFeedRejectedError, ErpFeedUnavailableError } from './source-errors.ts';

export type SandboxErpConnector = TargetConnector & SourceConnector & { close(): Promise<void> };

function logInvalidChange(problem: InvalidChange): void {
  console.error(
    `sandbox-erp: skipped ${problem.changeId ?? 'a change'} (${problem.reasonCode}): ${problem.message}`,
  );
}

const DEFAULT_MAX_BATCH = 500;
const DEFAULT_TIMEOUT_MS = 30_000;

/** The result a command gets when its chunk was not sent because an earlier one failed. */
function notSent(failure: PushResult): PushResult {
  return failure.outcome === 'ok'
    ? failure
    : { ...failure, message: `not sent after an earlier chunk failed: ${failure.message}` };
}

/** A retry means later chunks would likely fail too (and could overtake); a bad key fails them all. */
function haltsLaterChunks(failure: PushResult): boolean {
  return (
    failure.outcome === 'retry' || (failure.outcome === 'reject' && failure.reasonCode === 'erp.unauthorized')
  );
}

export function createSandboxErpConnector(options: SandboxErpConnectorOptions): SandboxErpConnector {
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  if (!Number.isInteger(maxBatch) || maxBatch < 1 || maxBatch > MAX_BATCH_OPERATIONS)
    throw new RangeError(`maxBatch must be an integer from 1 to ${MAX_BATCH_OPERATIONS}`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1)
    throw new RangeError('timeoutMs must be a positive integer');
  const client = new ErpHttpClient(options.baseUrl, options.apiKey, timeoutMs);

  async function sendChunk(operations: readonly BatchOperation[]): Promise<BatchAnswer> {
    const request: BatchRequest = { operations };
    const outcome = await client.postJson('/erp/v1/batch', request);
    if (outcome.kind === 'response' && outcome.status === 200)
      return parseBatchResults(outcome.body, operations.length);
    return { ok: false, failure: requestFailure(outcome) };
  }

  const source = createErpSource(options.system, client, options.onInvalidChange ?? logInvalidChange);

  return {
    system: options.system,
    pull: (cursor, limit) => source.pull(cursor, limit),
    receiveWebhook: (webhook) => source.receiveWebhook(webhook),

    async push(commands: readonly TargetCommand[]): Promise<readonly PushResult[]> {
      const results: PushResult[] = [];
      const pending: { readonly index: number; readonly operation: BatchOperation }[] = [];
      for (const [index, command] of commands.entries()) {
        const mapped = toOperation(command, options.system);
        if (mapped.ok) pending.push({ index, operation: mapped.operation });
        else results[index] = mapped.result;
      }
      let halt: PushResult | undefined;
      for (let start = 0; start < pending.length; start += maxBatch) {
        const chunk = pending.slice(start, start + maxBatch);
        if (halt) {
          for (const { index } of chunk) results[index] = notSent(halt);
          continue;
        }
        const answer = await sendChunk(chunk.map((p) => p.operation));
        if (answer.ok) {
          for (const [offset, { index }] of chunk.entries())
            results[index] =
              answer.results[offset] ?? badResponse('the ERP answered fewer results than sent');
        } else {
          for (const { index } of chunk) results[index] = answer.failure;
          if (haltsLaterChunks(answer.failure)) halt = answer.failure;
        }
      }
      return results;
    },

    close: () => client.close(),
  };
}
