// A record's lineage as stages the console draws in order: the approval in the source system, intake,
// the decision, each delivery (attempts, the target's ids), the confirmation Ledgerline recorded, and the
// feedback that confirmation sent back (e.g. an invoice's status to the PSA).
import type { EventLineage, Store, StoredEvent } from '../../store/port.ts';
import { commandsOf } from '../../pipeline/command-payload.ts';
import { maskerFor, type Masker } from '../../security/masking/mask.ts';

export type StageKind =
  'approved' | 'received' | 'decided' | 'delivered' | 'dead-letter' | 'confirmed' | 'fed-back';

export interface Stage {
  readonly stage: StageKind;
  readonly title: string;
  readonly status: 'done' | 'waiting' | 'failed';
  readonly at: string | null;
  readonly system: string | null;
  readonly detail: string;
  readonly ids: readonly { readonly label: string; readonly value: string }[];
  readonly attempts: number | null;
  readonly eventSeq: number;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function field(data: unknown, name: string): string | undefined {
  const value =
    typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function decision(e: StoredEvent): Pick<Stage, 'status' | 'detail'> {
  switch (e.state) {
    case 'completed':
      return { status: 'done', detail: 'decided and done' };
    case 'delivering':
      return { status: 'waiting', detail: 'decided: deliveries in flight' };
    case 'accepted':
      return { status: 'waiting', detail: 'waiting to be decided' };
    case 'parked':
      return { status: 'waiting', detail: `parked: ${e.reason ?? 'waiting on a dependency'}` };
    case 'rejected':
    case 'dead':
      return { status: 'failed', detail: `${e.state}: ${e.reasonCode ?? ''} ${e.reason ?? ''}`.trim() };
  }
}

function stagesOf(lineage: EventLineage, depth: number, mask: Masker): Stage[] {
  const e = lineage.event;
  const stages: Stage[] = [];
  const approvedAt = field(e.event.data, 'approvedAt');
  if (depth === 0 && approvedAt !== undefined)
    stages.push({
      stage: 'approved',
      title: `Approved in ${e.event.source}`,
      status: 'done',
      at: approvedAt,
      system: e.event.source,
      detail: `approved by ${field(mask.event(e.event).data, 'approvedBy') ?? 'someone'}`,
      ids: [{ label: 'record', value: e.event.subject }],
      attempts: null,
      eventSeq: e.seq,
    });
  stages.push({
    stage: depth === 0 ? 'received' : 'confirmed',
    title: depth === 0 ? `Received ${e.event.type}` : `Confirmed: ${e.event.type}`,
    status: 'done',
    at: iso(e.receivedAt),
    system: e.event.source,
    detail: `event ${e.event.id}${e.replays > 0 ? `, replayed ${e.replays}x` : ''}`,
    ids: [{ label: 'event', value: e.event.id }],
    attempts: null,
    eventSeq: e.seq,
  });
  if (depth === 0 || lineage.deliveries.length > 0 || e.state !== 'completed')
    stages.push({
      stage: 'decided',
      title: 'Decided',
      ...decision(e),
      at: iso(e.completedAt),
      system: 'ledgerline',
      ids: [],
      attempts: null,
      eventSeq: e.seq,
    });
  for (const d of lineage.deliveries) {
    const refs = new Map(d.externalRefs.map((r) => [r.key, r.externalId]));
    stages.push({
      stage: depth === 0 ? 'delivered' : 'fed-back',
      title: `${d.kind} -> ${d.target}`,
      status: d.state === 'delivered' ? 'done' : d.state === 'dead' ? 'failed' : 'waiting',
      at: iso(d.deliveredAt),
      system: d.target,
      detail:
        d.state === 'delivered'
          ? `accepted after ${d.attempts} attempt(s)`
          : `${d.state} after ${d.attempts} attempt(s)${d.lastError ? `: ${d.lastError}` : ''}`,
      ids: commandsOf(d).map((c) => ({ label: c.kind, value: refs.get(c.idempotencyKey) ?? '(not yet)' })),
      attempts: d.attempts,
      eventSeq: e.seq,
    });
  }
  for (const letter of lineage.deadLetters)
    stages.push({
      stage: 'dead-letter',
      title: `Dead letter ${letter.id}: ${letter.reasonCode}`,
      status: letter.state === 'open' ? 'failed' : 'done',
      at: iso(letter.createdAt),
      system: null,
      detail: `${letter.message} (${letter.state}${letter.note ? `: ${letter.note}` : ''})`,
      ids: [{ label: 'dead letter', value: String(letter.id) }],
      attempts: null,
      eventSeq: e.seq,
    });
  return stages;
}

/** The stages from `seq`'s root cause down through what it caused (confirmations and their feedback). */
export async function lineageStages(
  store: Store,
  seq: number,
  mask: Masker = maskerFor(undefined),
): Promise<{ root: EventLineage; stages: Stage[] } | null> {
  let lineage = await store.lineage(seq);
  // A confirmation's lineage starts at the approval that caused it.
  for (let hops = 0; lineage?.causedBy && hops < 5; hops += 1)
    lineage = await store.lineage(lineage.causedBy.seq);
  if (!lineage) return null;
  const root = lineage;
  const stages: Stage[] = [];
  const walk = async (l: EventLineage, depth: number): Promise<void> => {
    stages.push(...stagesOf(l, depth, mask));
    if (depth >= 3) return;
    for (const child of l.caused) {
      const next = await store.lineage(child.seq);
      if (next) await walk(next, depth + 1);
    }
  };
  await walk(root, 0);
  return { root, stages };
}

export const stageSchema = {
  type: 'object',
  properties: {
    stage: {
      type: 'string',
      enum: ['approved', 'received', 'decided', 'delivered', 'dead-letter', 'confirmed', 'fed-back'],
    },
    title: { type: 'string' },
    status: { type: 'string', enum: ['done', 'waiting', 'failed'] },
    at: { type: ['string', 'null'] },
    system: { type: ['string', 'null'] },
    detail: { type: 'string' },
    ids: {
      type: 'array',
      items: { type: 'object', properties: { label: { type: 'string' }, value: { type: 'string' } } },
    },
    attempts: { type: ['integer', 'null'] },
    eventSeq: { type: 'integer' },
  },
} as const;
