// Makes a delivery's decision again from its recorded inputs alone (the stored source event, the reads
// and the environment kept with the delivery) and compares the commands byte for byte with those stored.
import type { MasterRecord, StoredDelivery, StoredEvent } from '../../store/port.ts';
import type { StoredProvenance } from '../../store/provenance-port.ts';
import { parseDecisionRecord, type DecisionRecord } from './decision-record.ts';
import { decideRecorded } from './decide-recorded.ts';
import { environmentFrom } from './environment-snapshot.ts';
import { RecordingContext } from './recording-context.ts';
import { payloadDifferences } from './payload-diff.ts';

export type ReDerivation =
  | { readonly outcome: 'identical'; readonly record: DecisionRecord }
  | {
      readonly outcome: 'different';
      readonly record: DecisionRecord;
      readonly derived: string | null;
      /** What differs, one line each: `commands[1].amount.amount: stored "1.00", derived "2.00"`. */
      readonly differences: readonly string[];
    }
  | { readonly outcome: 'not-derivable'; readonly reason: string };

function inputsOf(
  record: DecisionRecord,
  provenance: StoredProvenance,
): { master: Map<string, MasterRecord>; environment: string } | string {
  const environment = provenance.inputs.get(record.configDigest);
  if (environment === undefined) return `the recorded environment ${record.configDigest} is not in the store`;
  const master = new Map<string, MasterRecord>();
  for (const [key, digest] of Object.entries(record.master)) {
    if (digest === null) continue;
    const data = provenance.inputs.get(digest);
    if (data === undefined) return `the recorded input ${key} (${digest}) is not in the store`;
    master.set(key, JSON.parse(data) as MasterRecord);
  }
  return { master, environment };
}

function present(entries: Readonly<Record<string, string | null>>): Map<string, string> {
  return new Map(
    Object.entries(entries).flatMap(([k, v]) => (v === null ? [] : [[k, v] as [string, string]])),
  );
}

/** `sourceErased`: the source was pseudonymised after posting, so its digest cannot be recomputed; the
 * commands are re-derived with the digest the record names and compared in everything else. */
export function reDerive(
  event: StoredEvent,
  delivery: StoredDelivery,
  provenance: StoredProvenance,
  sourceErased = false,
): ReDerivation {
  const record = parseDecisionRecord(provenance.record);
  if (typeof record === 'string') return { outcome: 'not-derivable', reason: record };
  const inputs = inputsOf(record, provenance);
  if (typeof inputs === 'string') return { outcome: 'not-derivable', reason: inputs };
  const ctx = new RecordingContext({
    xrefs: present(record.xrefs),
    canonical: present(record.canonical),
    master: inputs.master,
  });
  const decision = decideRecorded(
    event,
    ctx,
    environmentFrom(inputs.environment),
    sourceErased ? record.sourceDigest : undefined,
  );
  if (decision.kind !== 'deliver') {
    const why = decision.kind === 'reject' ? `${decision.reasonCode}: ${decision.reason}` : decision.kind;
    return {
      outcome: 'different',
      record,
      derived: null,
      differences: [`deciding again sends nothing (${why})`],
    };
  }
  const again = decision.deliveries.find(
    (d) => d.target === delivery.target && d.idempotencyKey === delivery.idempotencyKey,
  );
  if (!again)
    return {
      outcome: 'different',
      record,
      derived: null,
      differences: [
        `deciding again sends no delivery ${delivery.idempotencyKey} to ${delivery.target} (it sends ${decision.deliveries.map((d) => d.idempotencyKey).join(', ')})`,
      ],
    };
  if (again.payload === delivery.payload && again.kind === delivery.kind)
    return { outcome: 'identical', record };
  const differences = payloadDifferences(delivery.payload, again.payload);
  if (again.kind !== delivery.kind)
    differences.unshift(`kind: stored ${delivery.kind}, derived ${again.kind}`);
  return { outcome: 'different', record, derived: again.payload, differences };
}
