// Deciding with provenance: each delivery's commands carry the digest of the source event, and the
// delivery carries the decision record (its inputs as read) for the store to keep beside it.
import type { Decision, MasterRecord, NewDelivery, StoredEvent } from '../../store/port.ts';
import type { ProvenanceInput } from '../../store/provenance-port.ts';
import { decide } from '../decide/decide.ts';
import type { DecideEnvironment } from '../decide/context.ts';
import { inputDigest, type DecisionRecord } from './decision-record.ts';
import { derivationVersion } from './derivation-version.ts';
import { environmentSnapshot } from './environment-snapshot.ts';
import type { DecisionReads, RecordingContext } from './recording-context.ts';
import { stampedPayload } from './stamp-payload.ts';
import { sourceDigestOf } from './source-digest.ts';

/** A master record's JSON and digest, once per record: many entries of a batch read the same record, and
 * the store hands consecutive batches the same opened data object while its stored text is unchanged. */
const serialised = new WeakMap<object, { kind: string; id: string; input: ProvenanceInput }>();

function inputOf(record: MasterRecord): ProvenanceInput {
  const data = record.data as unknown;
  const owner: object = data !== null && typeof data === 'object' ? data : record;
  const known = serialised.get(owner);
  if (known?.kind === record.kind && known.id === record.id) return known.input;
  const json = JSON.stringify(record);
  const input = { digest: inputDigest(json), data: json };
  serialised.set(owner, { kind: record.kind, id: record.id, input });
  return input;
}

function recordOf(
  stored: StoredEvent,
  sourceDigest: string,
  reads: DecisionReads,
  env: DecideEnvironment,
): NonNullable<NewDelivery['provenance']> {
  const environment = environmentSnapshot(env);
  const inputs: ProvenanceInput[] = [environment];
  const master: Record<string, string | null> = {};
  for (const [key, value] of reads.master) {
    if (value === null) master[key] = null;
    else {
      const input = inputOf(value);
      inputs.push(input);
      master[key] = input.digest;
    }
  }
  const record: DecisionRecord = {
    derivationVersion,
    eventSeq: stored.seq,
    sourceDigest,
    configDigest: environment.digest,
    xrefs: Object.fromEntries(reads.xrefs),
    canonical: Object.fromEntries(reads.canonical),
    master,
  };
  return { record: JSON.stringify(record), inputs };
}

/** `decide`, with the source digest in every command and the decision record on every delivery.
 * `digest` is given only when re-deriving from a source whose digest cannot be recomputed (erased). */
export function decideRecorded(
  stored: StoredEvent,
  ctx: RecordingContext,
  env: DecideEnvironment,
  digest?: string,
): Decision {
  ctx.begin();
  let decision: Decision;
  let reads: DecisionReads;
  try {
    decision = decide(stored, ctx, env);
  } finally {
    reads = ctx.end();
  }
  if (decision.kind !== 'deliver') return decision;
  const sourceDigest = digest ?? sourceDigestOf(stored.event);
  const provenance = recordOf(stored, sourceDigest, reads, env);
  return {
    ...decision,
    deliveries: decision.deliveries.map((d) => ({
      ...d,
      payload: stampedPayload(d.payload, sourceDigest),
      provenance,
    })),
  };
}
