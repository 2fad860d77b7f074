// Stage 3: push due outbox rows to their target with their idempotency keys, then record each result;
// confirmations of fully delivered events are written in the same transaction.
import type { TargetConnector, PushResult } from '../connectors/kit/connector.ts';
import type { TargetCommand } from '../connectors/kit/commands.ts';
import type {
  DeliveryResult,
  ExternalRef,
  Lanes,
  QueueClass,
  RateBudget,
  StoredDelivery,
  Store,
} from '../store/port.ts';
import { observeCalls } from '../connectors/kit/call-observer.ts';
import type { PipelineTracing } from '../ops/tracing/pipeline-tracing.ts';
import { commandsOf } from './command-payload.ts';
import type { PipelineBus, PushedRows } from './bus.ts';
import { buildConfirmations } from './confirm.ts';
import type { StepResult } from './loop.ts';
import { isLastAttempt, retryDelayMs, type RetryPolicy } from './retry-policy.ts';

export interface DelivererOptions {
  readonly batchSize: number;
  readonly leaseMs: number;
  readonly idlePollMs: number;
  readonly retry: RetryPolicy;
  /** The target's rate limit, in outbox rows per second, shared by every deliverer of every process. */
  readonly budget?: RateBudget;
  /** Spans per delivery; absent when tracing is off. */
  readonly tracing?: PipelineTracing | undefined;
}

/** Rows per kind and outcome (with the reason of a failed one), for the `deliveries.pushed` notice. */
function countRows(rows: readonly StoredDelivery[], results: readonly DeliveryResult[]): PushedRows[] {
  const counts = new Map<string, { -readonly [K in keyof PushedRows]: PushedRows[K] }>();
  results.forEach((result, i) => {
    const kind = rows[i]?.kind;
    if (kind === undefined) return;
    const outcome = result.outcome === 'ok' ? (result.replayed ? 'replayed' : 'ok') : result.outcome;
    const reasonCode = result.outcome === 'ok' ? null : result.reasonCode;
    const key = `${kind}|${outcome}|${reasonCode ?? ''}`;
    const entry = counts.get(key);
    if (entry) entry.count += 1;
    else counts.set(key, { kind, outcome, reasonCode, count: 1 });
  });
  return [...counts.values()];
}

export function budgetName(target: string): string {
  return `deliveries:${target}`;
}

/**
 * Folds the results of a row's commands into the row's result: delivered when every command is; dead when
 * the target refused one (the others are replayed by key when the row is retried); otherwise retried.
 */
export function toDeliveryResult(
  row: StoredDelivery,
  commands: readonly TargetCommand[],
  results: readonly (PushResult | undefined)[],
  now: number,
  policy: RetryPolicy,
): DeliveryResult {
  const attempts = row.attempts + 1;
  const label = (i: number, message: string) =>
    commands.length > 1 ? `${commands[i]?.idempotencyKey ?? `command ${i}`}: ${message}` : message;
  const failures: { reasonCode: string; message: string; retryAfterMs?: number }[] = [];
  let refused: { reasonCode: string; message: string } | undefined;
  const refs: ExternalRef[] = [];
  commands.forEach((command, i) => {
    const result = results[i];
    if (!result)
      failures.push({
        reasonCode: 'connector.no_result',
        message: label(i, 'connector returned no result for this command'),
      });
    else if (result.outcome === 'ok')
      refs.push({ key: command.idempotencyKey, externalId: result.externalId });
    else if (result.outcome === 'reject')
      refused ??= { reasonCode: result.reasonCode, message: label(i, result.message) };
    else
      failures.push({
        reasonCode: result.reasonCode,
        message: label(i, result.message),
        ...(result.retryAfterMs === undefined ? {} : { retryAfterMs: result.retryAfterMs }),
      });
  });
  if (refused) return { seq: row.seq, outcome: 'dead', ...refused };
  const [first] = failures;
  if (!first) {
    const replayed = results.every((r) => r?.outcome === 'ok' && r.replayed);
    return { seq: row.seq, outcome: 'ok', externalRefs: refs, replayed };
  }
  if (isLastAttempt(policy, attempts))
    return {
      seq: row.seq,
      outcome: 'dead',
      reasonCode: first.reasonCode,
      message: `gave up after ${attempts} attempts: ${first.message}`,
    };
  // The longest Retry-After any command was given is the one that holds for the row.
  const retryAfterMs = failures.reduce<number | undefined>(
    (longest, f) => (f.retryAfterMs === undefined ? longest : Math.max(longest ?? 0, f.retryAfterMs)),
    undefined,
  );
  return {
    seq: row.seq,
    outcome: 'retry',
    runAt: now + retryDelayMs(policy, attempts, retryAfterMs),
    reasonCode: first.reasonCode,
    message: first.message,
  };
}

/**
 * Runs a push while renewing the rows' leases (every third of the lease), so a slow target never lets a
 * lease lapse under a process that is still working: only a process that stops leaves its rows to others.
 */
async function whileLeased<T>(
  store: Store,
  rows: readonly StoredDelivery[],
  leaseMs: number,
  push: () => Promise<T>,
): Promise<T> {
  const seqs = rows.map((r) => r.seq);
  const timer = setInterval(
    () => {
      // A renewal that fails (the database briefly away) is tried again at the next tick; if every one
      // fails, the lease lapses and another process pushes the rows again under the same keys.
      store.renewDeliveryLeases(seqs, Date.now() + leaseMs).catch(() => undefined);
    },
    Math.max(100, Math.floor(leaseMs / 3)),
  );
  try {
    return await push();
  } finally {
    clearInterval(timer);
  }
}

export function createDelivererStep(
  scope: Lanes & { readonly queue: QueueClass },
  store: Store,
  connector: TargetConnector,
  bus: PipelineBus,
  options: DelivererOptions,
  onConfirmed: () => void,
) {
  return async (): Promise<StepResult> => {
    const claimedAt = Date.now();
    const lanes = { of: scope.of, index: scope.index };
    let limit = options.batchSize;
    const { budget } = options;
    if (budget) {
      // No more rows than the shared budget holds; when it is spent (or owed), wait for the refill.
      const left = await store.spendBudget(budgetName(connector.system), 0, budget, claimedAt);
      if (left < 1) return { busy: false, sleepMs: Math.ceil(((1 - left) * 1000) / budget.perSecond) };
      limit = Math.min(limit, Math.floor(left));
    }
    const rows = await store.claimDeliveries(
      connector.system,
      limit,
      claimedAt,
      options.leaseMs,
      lanes,
      scope.queue,
    );
    if (budget && rows.length > 0)
      await store.spendBudget(budgetName(connector.system), rows.length, budget, Date.now());
    if (rows.length === 0) {
      const next = await store.nextDueAt(connector.system, lanes, scope.queue);
      const sleepMs =
        next === null ? options.idlePollMs : Math.max(1, Math.min(options.idlePollMs, next - Date.now()));
      return { busy: false, sleepMs };
    }
    // Where each row's event came from: when it was received (delivery latency) and its trace context.
    const origins = await store.eventOrigins(rows.map((r) => r.eventSeq));
    const trace = options.tracing?.deliver(connector.system, rows, origins);
    // All rows' commands go in one push; each row then takes back the results of its own commands.
    const perRow = rows.map(commandsOf);
    const { value: pushed, calls } = await observeCalls(() =>
      whileLeased(store, rows, options.leaseMs, () => connector.push(perRow.flat())),
    );
    const now = Date.now();
    let offset = 0;
    const results = rows.map((row, i) => {
      const commands = perRow[i] ?? [];
      const own = pushed.slice(offset, offset + commands.length);
      offset += commands.length;
      return toDeliveryResult(row, commands, own, now, options.retry);
    });
    const confirmed = await store.completeDeliveries(results, now, (completed) => {
      const confirmations = buildConfirmations(completed, now);
      return trace ? trace.confirm(confirmations) : confirmations;
    });
    trace?.done(results);
    const latenciesMs: number[] = [];
    results.forEach((result, i) => {
      const origin = result.outcome === 'ok' ? origins.get(rows[i]?.eventSeq ?? -1) : undefined;
      if (origin) latenciesMs.push(now - origin.receivedAt);
    });
    bus.emit('deliveries.pushed', {
      target: connector.system,
      ok: results.filter((r) => r.outcome === 'ok').length,
      replayed: pushed.filter((p) => p.outcome === 'ok' && p.replayed).length,
      retried: results.filter((r) => r.outcome === 'retry').length,
      dead: results.filter((r) => r.outcome === 'dead').length,
      elapsedMs: now - claimedAt,
      rows: countRows(rows, results),
      latenciesMs,
      calls,
    });
    if (confirmed > 0) {
      bus.emit('events.confirmed', { count: confirmed });
      onConfirmed();
    }
    return { busy: true };
  };
}
