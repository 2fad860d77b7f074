// Stage 3: push due outbox rows to their target with their idempotency keys, then record each result;
// confirmations of fully delivered events are written in the same transaction.
import type { TargetConnector, PushResult } from '../connectors/kit/connector.ts';
import type { TargetCommand } from '../connectors/kit/commands.ts';
import type { DeliveryResult, Lanes, StoredDelivery, Store } from '../store/port.ts';
import type { PipelineBus } from './bus.ts';
import { buildConfirmations } from './confirm.ts';
import type { StepResult } from './loop.ts';
import { isLastAttempt, retryDelayMs, type RetryPolicy } from './retry-policy.ts';

export interface DelivererOptions {
  readonly batchSize: number;
  readonly leaseMs: number;
  readonly idlePollMs: number;
  readonly retry: RetryPolicy;
}

export function toDeliveryResult(
  row: StoredDelivery,
  result: PushResult | undefined,
  now: number,
  policy: RetryPolicy,
): DeliveryResult {
  const attempts = row.attempts + 1;
  if (!result) {
    const message = 'connector returned no result for this command';
    if (isLastAttempt(policy, attempts))
      return {
        seq: row.seq,
        outcome: 'dead',
        reasonCode: 'connector.no_result',
        message: `gave up after ${attempts} attempts: ${message}`,
      };
    return {
      seq: row.seq,
      outcome: 'retry',
      runAt: now + retryDelayMs(policy, attempts, undefined),
      reasonCode: 'connector.no_result',
      message,
    };
  }
  if (result.outcome === 'ok')
    return { seq: row.seq, outcome: 'ok', externalId: result.externalId, replayed: result.replayed };
  if (result.outcome === 'reject')
    return { seq: row.seq, outcome: 'dead', reasonCode: result.reasonCode, message: result.message };
  if (isLastAttempt(policy, attempts)) {
    return {
      seq: row.seq,
      outcome: 'dead',
      reasonCode: result.reasonCode,
      message: `gave up after ${attempts} attempts: ${result.message}`,
    };
  }
  return {
    seq: row.seq,
    outcome: 'retry',
    runAt: now + retryDelayMs(policy, attempts, result.retryAfterMs),
    reasonCode: result.reasonCode,
    message: result.message,
  };
}

export function createDelivererStep(
  lanes: Lanes,
  store: Store,
  connector: TargetConnector,
  bus: PipelineBus,
  options: DelivererOptions,
  onConfirmed: () => void,
) {
  return async (): Promise<StepResult> => {
    const claimedAt = Date.now();
    const rows = await store.claimDeliveries(
      connector.system,
      options.batchSize,
      claimedAt,
      options.leaseMs,
      lanes,
    );
    if (rows.length === 0) {
      const next = await store.nextDueAt(connector.system, lanes);
      const sleepMs =
        next === null ? options.idlePollMs : Math.max(1, Math.min(options.idlePollMs, next - Date.now()));
      return { busy: false, sleepMs };
    }
    const commands = rows.map((r) => JSON.parse(r.payload) as TargetCommand);
    const pushed = await connector.push(commands);
    const now = Date.now();
    const results = rows.map((row, i) => toDeliveryResult(row, pushed[i], now, options.retry));
    let confirmed = 0;
    await store.completeDeliveries(results, now, (completed) => {
      const confirmations = buildConfirmations(completed, now);
      confirmed = confirmations.length;
      return confirmations;
    });
    bus.emit('deliveries.pushed', {
      target: connector.system,
      ok: results.filter((r) => r.outcome === 'ok').length,
      replayed: pushed.filter((p) => p.outcome === 'ok' && p.replayed).length,
      retried: results.filter((r) => r.outcome === 'retry').length,
      dead: results.filter((r) => r.outcome === 'dead').length,
      elapsedMs: now - claimedAt,
    });
    if (confirmed > 0) {
      bus.emit('events.confirmed', { count: confirmed });
      onConfirmed();
    }
    return { busy: true };
  };
}
