// Carrying out a batch of commands against a vendor one after the other: one result per command, and
// after a retry the rest answer the same retry, so nothing overtakes what is waiting.
import type { TargetCommand } from './commands.ts';
import type { PushResult } from './connector.ts';
import type { VendorOutcome } from './vendor-outcome.ts';

export type PushFailure = Exclude<PushResult, { outcome: 'ok' }>;

/** Thrown from deep inside a command's calls to end it with this result. */
export class PushRefusal extends Error {
  constructor(readonly result: PushFailure) {
    super(result.message);
  }
}

export function pushFailureOf(outcome: Exclude<VendorOutcome, { kind: 'ok' }>): PushFailure {
  return outcome.kind === 'retry'
    ? {
        outcome: 'retry',
        reasonCode: outcome.reasonCode,
        message: outcome.message,
        ...(outcome.retryAfterMs === undefined ? {} : { retryAfterMs: outcome.retryAfterMs }),
      }
    : { outcome: 'reject', reasonCode: outcome.reasonCode, message: outcome.message };
}

/** The body of an ok outcome; any other outcome ends the command (PushRefusal). */
export function bodyOrRefusal(outcome: VendorOutcome): unknown {
  if (outcome.kind !== 'ok') throw new PushRefusal(pushFailureOf(outcome));
  return outcome.body;
}

/** `payloadError` is the vendor's class for an answer it cannot read; it rejects with `badResponseCode`. */
export async function pushInOrder(
  commands: readonly TargetCommand[],
  pushOne: (command: TargetCommand) => Promise<PushResult>,
  payloadError: abstract new (...args: never[]) => Error,
  badResponseCode: string,
): Promise<PushResult[]> {
  const results: PushResult[] = [];
  let blocked: PushFailure | undefined;
  for (const command of commands) {
    if (blocked) {
      results.push(blocked);
      continue;
    }
    let result: PushResult;
    try {
      result = await pushOne(command);
    } catch (error) {
      if (error instanceof PushRefusal) result = error.result;
      else if (error instanceof payloadError)
        result = { outcome: 'reject', reasonCode: badResponseCode, message: error.message };
      else throw error;
    }
    if (result.outcome === 'retry') blocked = result;
    results.push(result);
  }
  return results;
}
