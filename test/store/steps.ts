// The pipeline's steps driven by hand against a store: the real rules (decide, confirmations), with the
// clock and the target's answers chosen by the test.
import type { DeliveryResult, ExternalRef, Store, StoredDelivery } from '../../src/store/port.ts';
import { commandsOf } from '../../src/pipeline/command-payload.ts';
import { buildConfirmations } from '../../src/pipeline/confirm.ts';
import { BatchContext } from '../../src/pipeline/decide/context.ts';
import { contextKeys, decide } from '../../src/pipeline/decide/decide.ts';
import { env, erp } from './fixtures.ts';

/** A delivered row whose (one) command the target calls `externalId`. */
export function ok(seq: number, externalId: string, key = 'command'): DeliveryResult {
  return { seq, outcome: 'ok', externalRefs: [{ key, externalId }], replayed: false };
}

/** The ids an idempotent target gives a row's commands: the same for every push of one key. */
export function refsFor(row: StoredDelivery): ExternalRef[] {
  return commandsOf(row).map((c) => ({ key: c.idempotencyKey, externalId: `EXT:${c.idempotencyKey}` }));
}

export function okFor(row: StoredDelivery): DeliveryResult {
  return { seq: row.seq, outcome: 'ok', externalRefs: refsFor(row), replayed: false };
}

/** Runs one real processor step: claim, load context, decide with the real rules, apply. */
export async function processOnce(store: Store, now: number, limit = 100): Promise<number> {
  const events = await store.claimAccepted(limit);
  if (events.length === 0) return 0;
  const ctx = new BatchContext(await store.loadContext(contextKeys(events, env)));
  await store.applyDecisions(
    events.map((e) => decide(e, ctx, env)),
    now,
  );
  return events.length;
}

/** Records results as the deliverer does, with the real confirmation rules. */
export async function complete(store: Store, results: readonly DeliveryResult[], now: number): Promise<void> {
  await store.completeDeliveries(results, now, (completed) => buildConfirmations(completed, now));
}

/** Claims every due delivery of the ERP and answers each ok. */
export async function deliverAllOk(store: Store, now: number): Promise<StoredDelivery[]> {
  const rows = await store.claimDeliveries(erp, 100, now, 1_000);
  await complete(store, rows.map(okFor), now);
  return rows;
}
