// Canonical events and port values the store suite builds its scenarios from. Everything here goes
// through the port's types only, so the same fixtures serve every adapter.
import type { EventOf, LegalEntity, Project } from '../../src/contracts/index.ts';
import { exampleEvents } from '../../src/contracts/export/examples.ts';
import { decideEnvironment, type DecideEnvironment } from '../../src/pipeline/decide/context.ts';
import type {
  Confirmation,
  DeliveryKind,
  IngestOutcome,
  NewDelivery,
  NewEvent,
  Store,
} from '../../src/store/port.ts';
import { dependencyKey } from '../../src/store/port.ts';
import assert from 'node:assert/strict';
import { queueClassifier } from '../../src/pipeline/queues.ts';

/** The default queue classes, as the pipeline assigns them. */
export const queueOf = queueClassifier();

export const psa = 'https://psa.example.com/acme';
export const erp = 'sandbox-erp';

export const ukEntity: LegalEntity = {
  id: 'LL-UK',
  name: 'Ledgerline UK Ltd',
  country: 'GB',
  functionalCurrency: 'GBP',
};

export const env: DecideEnvironment = decideEnvironment({
  erpSystem: erp,
  legalEntities: [ukEntity],
  psaSystems: ['sandbox-psa'],
});

export function projectId(n: number): string {
  return `project:sandbox-psa:P-${n}`;
}
export function resourceId(n: number): string {
  return `resource:sandbox-psa:R-${n}`;
}
export function timeEntryId(n: number): string {
  return `time-entry:sandbox-psa:T-${n}`;
}

export function projectActivated(
  eventId: string,
  project: number,
  source: string = psa,
): EventOf<'ProjectActivated'> {
  const base = exampleEvents.ProjectActivated;
  const id = projectId(project);
  return { ...base, id: eventId, source, subject: id, data: { ...base.data, id, code: `ACME-${project}` } };
}

/** A project with none of the financial fields readiness needs. */
export function incompleteProjectActivated(eventId: string, project: number): EventOf<'ProjectActivated'> {
  const full = projectActivated(eventId, project);
  const { legalEntityId: _l, currency: _c, taxTreatment: _t, billingModel: _b, ...rest } = full.data;
  const data: Project = rest;
  return { ...full, data };
}

export function resourceUpdated(eventId: string, resource: number): EventOf<'ResourceUpdated'> {
  const base = exampleEvents.ResourceUpdated;
  const id = resourceId(resource);
  return { ...base, id: eventId, subject: id, data: { ...base.data, id } };
}

export function timeApproved(
  eventId: string,
  entry: number,
  options: { readonly project?: number; readonly resource?: number; readonly source?: string } = {},
): EventOf<'TimeApproved'> {
  const base = exampleEvents.TimeApproved;
  const id = timeEntryId(entry);
  return {
    ...base,
    id: eventId,
    source: options.source ?? psa,
    subject: id,
    data: {
      ...base.data,
      id,
      projectId: projectId(options.project ?? 1),
      resourceId: resourceId(options.resource ?? 1),
    },
  };
}

export function provisionedConfirmation(
  causeSeq: number,
  causeId: string,
  project: number,
  externalId: string,
): Confirmation {
  const base = exampleEvents.ProjectProvisioned;
  const id = projectId(project);
  return {
    causeSeq,
    event: {
      ...base,
      id: `${psa}/${causeId}/provisioned`,
      source: 'ledgerline',
      subject: id,
      causationid: causeId,
      data: { projectId: id, system: erp, externalId },
    },
    xrefs: [{ canonicalId: id, system: erp, externalId }],
    releases: [dependencyKey({ kind: 'xref', canonicalId: id, system: erp, awaiting: '' })],
    supersedesRejectionsOf: id,
  };
}

export function delivery(
  idempotencyKey: string,
  orderingKey: string,
  kind: DeliveryKind = 'postTimeEntry',
  target: string = erp,
): NewDelivery {
  // The store keeps payloads opaque; this one is shaped like the pipeline's (a list of commands).
  const command = kind === 'provisionProject' ? 'provisionProject' : 'postCost';
  return {
    target,
    kind,
    queue: kind === 'provisionProject' ? 'master' : 'transactional',
    orderingKey,
    idempotencyKey,
    payload: JSON.stringify([{ kind: command, idempotencyKey }]),
  };
}

export function at(receivedAt: number, ...events: NewEvent['event'][]): NewEvent[] {
  return events.map((event) => ({ event, receivedAt, queue: queueOf(event.type) }));
}

export function acceptedSeq(outcome: IngestOutcome | undefined): number {
  assert.ok(outcome, 'expected an ingest outcome');
  assert.equal(outcome.status, 'accepted', `expected accepted, got ${JSON.stringify(outcome)}`);
  return outcome.seq;
}

/** Ingests one event and answers its seq, failing the test unless it was accepted. */
export async function ingestOne(store: Store, event: NewEvent['event'], receivedAt = 1_000): Promise<number> {
  const [outcome] = await store.ingest(at(receivedAt, event));
  return acceptedSeq(outcome);
}

export async function eventState(store: Store, seq: number): Promise<string> {
  const lineage = await store.lineage(seq);
  assert.ok(lineage, `no event with seq ${seq}`);
  return lineage.event.state;
}
