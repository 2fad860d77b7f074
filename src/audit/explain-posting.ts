// `ledgerline explain <posting>`: everything that proves where a posting came from. The source event as
// stored and its digest recomputed against the one the commands carry; the amounts approved and posted;
// the decide logic's version, configuration digest and reference data recorded with it; the audit entries
// about it; and the decision made again from those records, compared byte for byte with what was stored.
import { deliveredRecordsDigest } from './delivered-records.ts';
import type { Store, StoredDelivery, StoredEvent } from '../store/port.ts';
import type { AuditEntry } from '../store/audit-port.ts';
import { commandsOf } from '../pipeline/command-payload.ts';
import { sourceDigestOf } from '../pipeline/provenance/source-digest.ts';
import { derivationVersion } from '../pipeline/provenance/derivation-version.ts';
import { reDerive, type ReDerivation } from '../pipeline/provenance/re-derive.ts';
import type { DecisionRecord } from '../pipeline/provenance/decision-record.ts';
import {
  removalAction,
  removalStatement,
  sourceRemoval,
  type SourceRemoval,
} from './explain-source-removed.ts';

/** The fields of an approval that say what was approved (those present). */
const approvedFields = [
  'workDate',
  'date',
  'hours',
  'billable',
  'billRate',
  'amount',
  'currency',
  'approvedAt',
  'approvedBy',
] as const;
/** The fields of a command that say what was posted (those present). */
const postedFields = ['workDate', 'hours', 'rate', 'costRate', 'amount', 'booking', 'tax'] as const;

export interface PostedCommand {
  readonly kind: string;
  readonly idempotencyKey: string;
  /** The target's own id for it, once delivered. */
  readonly externalId: string | null;
  readonly sourceDigest: string | null;
  readonly values: Readonly<Record<string, unknown>>;
}

export interface PostingExplanation {
  /** True when the digest matches and the posting re-derives byte for byte. */
  readonly proven: boolean;
  /** Why it is not proven, one sentence each. */
  readonly problems: readonly string[];
  readonly posting: {
    readonly seq: number;
    readonly target: string;
    readonly kind: string;
    readonly idempotencyKey: string;
    readonly state: string;
    readonly deliveredAt: string | null;
  };
  readonly source: {
    readonly seq: number;
    readonly system: string;
    readonly id: string;
    readonly type: string;
    readonly subject: string;
    readonly receivedAt: string;
    readonly approved: Readonly<Record<string, unknown>>;
  } | null;
  readonly digest: {
    readonly carried: string | null;
    readonly recomputed: string | null;
    readonly matches: boolean;
  };
  readonly posted: readonly PostedCommand[];
  readonly derivation: {
    readonly version: number | null;
    readonly currentVersion: number;
    readonly configDigest: string | null;
    /** What the decision read: cross-references and master records (digest and data), as it read them. */
    readonly xrefs: Readonly<Record<string, string | null>>;
    readonly master: readonly {
      readonly key: string;
      readonly digest: string | null;
      readonly data: unknown;
    }[];
    /** The legal entity the posting was booked in, as configured when it was derived. */
    readonly legalEntity: unknown;
  };
  /**
   * Set when the source was lawfully changed after posting (erased by pseudonymisation, or its payload
   * purged by retention) and the audit log holds that run: the digest cannot be recomputed, which is
   * said here instead of in `problems`. Not proven, but nothing found altered (CLI exit 4).
   */
  readonly sourceRemoved: (SourceRemoval & { readonly statement: string }) | null;
  readonly reDerived: { readonly outcome: ReDerivation['outcome']; readonly differences: readonly string[] };
  readonly audit: readonly Pick<AuditEntry, 'seq' | 'at' | 'actor' | 'action' | 'subject'>[];
}

export type ExplainLookup =
  | { readonly found: 'one'; readonly explanation: PostingExplanation }
  | { readonly found: 'none' }
  | { readonly found: 'many'; readonly candidates: readonly StoredDelivery[] };

function pick(from: unknown, fields: readonly string[]): Record<string, unknown> {
  if (typeof from !== 'object' || from === null) return {};
  const record = from as Record<string, unknown>;
  return Object.fromEntries(fields.flatMap((f) => (record[f] === undefined ? [] : [[f, record[f]]])));
}

function postedOf(delivery: StoredDelivery): PostedCommand[] {
  const refs = new Map(delivery.externalRefs.map((r) => [r.key, r.externalId]));
  return commandsOf(delivery).map((command) => {
    const c = command as unknown as Record<string, unknown>;
    return {
      kind: command.kind,
      idempotencyKey: command.idempotencyKey,
      externalId: refs.get(command.idempotencyKey) ?? null,
      sourceDigest: typeof c['sourceDigest'] === 'string' ? c['sourceDigest'] : null,
      values: pick(c, postedFields),
    };
  });
}

/** A `posting.delivered` entry that lists this delivery and the digest of its batch's decision records. */
interface RecordsBinding {
  readonly entrySeq: number;
  readonly deliveries: readonly number[];
  readonly records: string;
}

/** Audit entries naming the delivery or its event: batch entries list seqs, others name a subject. */
async function auditAbout(
  store: Store,
  delivery: StoredDelivery,
  actions: Set<string>,
  bindings: RecordsBinding[],
): Promise<PostingExplanation['audit']> {
  const found: PostingExplanation['audit'][number][] = [];
  const subjects = new Set([`delivery:${delivery.seq}`, `event:${delivery.eventSeq}`]);
  for (let after = 0; ;) {
    const page = await store.listAudit(after, 1000);
    for (const entry of page) {
      actions.add(entry.action);
      let detail: { deliveries?: unknown; events?: unknown; records?: unknown } = {};
      try {
        detail = JSON.parse(entry.detail) as typeof detail;
      } catch {
        // An edited entry may hold anything; `audit verify` reports it.
      }
      const lists = (list: unknown, seq: number) => Array.isArray(list) && list.includes(seq);
      const delivered = lists(detail.deliveries, delivery.seq);
      if (delivered && entry.action === 'posting.delivered' && typeof detail.records === 'string')
        bindings.push({
          entrySeq: entry.seq,
          deliveries: (detail.deliveries as unknown[]).filter((s): s is number => typeof s === 'number'),
          records: detail.records,
        });
      if (subjects.has(entry.subject) || delivered || lists(detail.events, delivery.eventSeq))
        found.push({
          seq: entry.seq,
          at: entry.at,
          actor: entry.actor,
          action: entry.action,
          subject: entry.subject,
        });
    }
    const last = page[page.length - 1];
    if (last === undefined || page.length < 1000) break;
    after = last.seq;
  }
  return found;
}

function masterOf(
  record: DecisionRecord | null,
  inputs: ReadonlyMap<string, string>,
): PostingExplanation['derivation']['master'] {
  if (!record) return [];
  return Object.entries(record.master).map(([key, digest]) => {
    const data = digest === null ? undefined : inputs.get(digest);
    return {
      key,
      digest,
      data: data === undefined ? null : ((JSON.parse(data) as { data?: unknown }).data ?? null),
    };
  });
}

/** The entity of the project the decision read, from the environment recorded with it. */
function legalEntityOf(record: DecisionRecord | null, inputs: ReadonlyMap<string, string>): unknown {
  if (!record) return null;
  const projectDigest = Object.entries(record.master).find(([key]) => key.startsWith('project|'))?.[1];
  const project = projectDigest ? inputs.get(projectDigest) : undefined;
  const environment = inputs.get(record.configDigest);
  if (project === undefined || environment === undefined) return null;
  const entityId = (JSON.parse(project) as { data?: { legalEntityId?: unknown } }).data?.legalEntityId;
  const entities = (JSON.parse(environment) as { legalEntities?: { id?: unknown }[] }).legalEntities ?? [];
  return entities.find((e) => e.id === entityId) ?? null;
}

export async function explainDelivery(store: Store, delivery: StoredDelivery): Promise<PostingExplanation> {
  const problems: string[] = [];
  const [event] = await store.eventsAt([delivery.eventSeq]);
  const provenance = await store.deliveryProvenance(delivery.target, delivery.idempotencyKey);
  const posted = postedOf(delivery);
  const carriedAll = [...new Set(posted.map((c) => c.sourceDigest))];
  const carried = carriedAll.length === 1 ? (carriedAll[0] ?? null) : null;
  if (carriedAll.length > 1) problems.push('the commands carry different source digests');
  else if (carried === null)
    problems.push('the posting carries no source digest (it was made before provenance was recorded)');
  const actions = new Set<string>();
  const bindings: RecordsBinding[] = [];
  const audit = await auditAbout(store, delivery, actions, bindings);
  // The decision records as delivered, bound into the audit chain: a record rewritten since, however
  // consistently with its event and payload, shows here (entries from before the binding carry none).
  for (const b of bindings)
    if (deliveredRecordsDigest(await store.deliveryRecords(b.deliveries)) !== b.records)
      problems.push(
        `a decision record of the postings delivered with this one changed after delivery: the digest in audit entry #${b.entrySeq} (deliveries ${b.deliveries[0] ?? '?'}..${b.deliveries.at(-1) ?? '?'}) no longer matches them`,
      );
  const digestOfStored = event ? sourceDigestOf(event.event) : null;
  if (!event) problems.push(`the source event (seq ${delivery.eventSeq}) is not in the store`);
  const stillMatches = carried !== null && digestOfStored === carried;
  // Erased or purged after posting, with the run in the audit log: not tampering, but not provable.
  const removal = event && carried !== null && !stillMatches ? sourceRemoval(event.event) : null;
  const sourceRemoved =
    removal !== null && carried !== null && actions.has(removalAction[removal.how])
      ? { ...removal, statement: removalStatement(removal, carried) }
      : null;
  const recomputed = sourceRemoved === null ? digestOfStored : null;
  const matches = stillMatches;
  if (event && carried !== null && !matches && sourceRemoved === null)
    problems.push(
      `the source event as stored no longer matches the digest the posting carries (stored ${recomputed ?? ''}, carried ${carried}): the event was altered after it was posted`,
    );
  let reDerived: ReDerivation;
  if (!provenance)
    reDerived = { outcome: 'not-derivable', reason: 'no decision record was kept with this posting' };
  else if (!event) reDerived = { outcome: 'not-derivable', reason: 'the source event is missing' };
  else if (sourceRemoved?.how === 'purged')
    reDerived = { outcome: 'not-derivable', reason: 'the source payload was purged by retention' };
  else reDerived = reDerive(event, delivery, provenance, sourceRemoved?.how === 'erased');
  const record = reDerived.outcome === 'not-derivable' ? null : reDerived.record;
  if (reDerived.outcome === 'not-derivable' && sourceRemoved?.how !== 'purged')
    problems.push(`cannot re-derive: ${reDerived.reason}`);
  if (reDerived.outcome === 'different')
    problems.push(`re-deriving gives a different posting: ${reDerived.differences.join('; ')}`);
  if (record && record.eventSeq !== delivery.eventSeq)
    problems.push(
      `the decision record names event seq ${record.eventSeq}, the posting belongs to event seq ${delivery.eventSeq}`,
    );
  if (record && record.sourceDigest !== carried && carried !== null)
    problems.push('the decision record names another source digest than the commands carry');
  if (record && record.derivationVersion !== derivationVersion && reDerived.outcome !== 'identical')
    problems.push(
      `the posting was derived by decide logic version ${record.derivationVersion}, this is version ${derivationVersion}`,
    );
  return {
    proven: problems.length === 0 && sourceRemoved === null,
    problems,
    posting: {
      seq: delivery.seq,
      target: delivery.target,
      kind: delivery.kind,
      idempotencyKey: delivery.idempotencyKey,
      state: delivery.state,
      deliveredAt: delivery.deliveredAt === null ? null : new Date(delivery.deliveredAt).toISOString(),
    },
    source: event ? sourceOf(event) : null,
    digest: { carried, recomputed, matches },
    posted,
    derivation: {
      version: record?.derivationVersion ?? null,
      currentVersion: derivationVersion,
      configDigest: record?.configDigest ?? null,
      xrefs: record?.xrefs ?? {},
      master: masterOf(record, provenance?.inputs ?? new Map()),
      legalEntity: legalEntityOf(record, provenance?.inputs ?? new Map()),
    },
    sourceRemoved,
    reDerived: {
      outcome: reDerived.outcome,
      differences:
        reDerived.outcome === 'different'
          ? reDerived.differences
          : reDerived.outcome === 'not-derivable'
            ? [reDerived.reason]
            : [],
    },
    audit,
  };
}

function sourceOf(stored: StoredEvent): NonNullable<PostingExplanation['source']> {
  return {
    seq: stored.seq,
    system: stored.event.source,
    id: stored.event.id,
    type: stored.event.type,
    subject: stored.event.subject,
    receivedAt: new Date(stored.receivedAt).toISOString(),
    approved: pick(stored.event.data, approvedFields),
  };
}

/** The posting a reference names (delivery seq, idempotency key, the ERP's id), explained. */
export async function explainPosting(store: Store, ref: string): Promise<ExplainLookup> {
  const candidates = await store.findDeliveries(ref);
  const [only] = candidates;
  if (only === undefined) return { found: 'none' };
  if (candidates.length > 1) return { found: 'many', candidates };
  return { found: 'one', explanation: await explainDelivery(store, only) };
}
