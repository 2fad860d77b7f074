// The event catalogue: one entry per event, keyed by a short name. Types, validators, JSON Schema and the
// AsyncAPI document are all derived from this map, so it is the single source of truth.
import { Type, type Static } from '@sinclair/typebox';
import { CanonicalId, Money } from '../primitives.ts';
import { Project } from '../objects/project.ts';
import { Resource } from '../objects/resource.ts';
import { TimeEntry } from '../objects/time-entry.ts';
import { cloudEventSchema } from './envelope.ts';

const ProjectProvisionedData = Type.Object(
  {
    projectId: CanonicalId,
    system: Type.String({ minLength: 1 }),
    externalId: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);

export const PostingKind = Type.Union([Type.Literal('billable-line'), Type.Literal('cost')]);
export type PostingKind = Static<typeof PostingKind>;

const TimePostedData = Type.Object(
  {
    timeEntryId: CanonicalId,
    projectId: CanonicalId,
    postings: Type.Array(
      Type.Object(
        {
          kind: PostingKind,
          system: Type.String({ minLength: 1 }),
          externalId: Type.String({ minLength: 1 }),
          amount: Money,
          idempotencyKey: Type.String({ minLength: 1 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);

export const eventCatalog = {
  ProjectActivated: {
    type: 'io.ledgerline.project.activated.v1',
    direction: 'inbound',
    schema: cloudEventSchema(
      'io.ledgerline.project.activated.v1',
      Project,
      'A project was activated in the PSA and should exist in the ERP',
    ),
  },
  ResourceUpdated: {
    type: 'io.ledgerline.resource.updated.v1',
    direction: 'inbound',
    schema: cloudEventSchema(
      'io.ledgerline.resource.updated.v1',
      Resource,
      'A consultant was created or changed, including the cost rate',
    ),
  },
  TimeApproved: {
    type: 'io.ledgerline.time.approved.v1',
    direction: 'inbound',
    schema: cloudEventSchema(
      'io.ledgerline.time.approved.v1',
      TimeEntry,
      'A time entry was approved in the PSA',
    ),
  },
  ProjectProvisioned: {
    type: 'io.ledgerline.project.provisioned.v1',
    direction: 'confirmation',
    schema: cloudEventSchema(
      'io.ledgerline.project.provisioned.v1',
      ProjectProvisionedData,
      'The ERP confirmed the project exists',
    ),
  },
  TimePosted: {
    type: 'io.ledgerline.time.posted.v1',
    direction: 'confirmation',
    schema: cloudEventSchema(
      'io.ledgerline.time.posted.v1',
      TimePostedData,
      'The ERP confirmed every posting of an approved time entry',
    ),
  },
} as const;

export type EventCatalog = typeof eventCatalog;
export type EventName = keyof EventCatalog;
export type EventTypeOf<N extends EventName> = EventCatalog[N]['type'];
export type EventOf<N extends EventName> = Static<EventCatalog[N]['schema']>;
export type DataOf<N extends EventName> = EventOf<N>['data'];
/** Any event of the catalogue, discriminated by its `type`. */
export type CanonicalEvent = { [N in EventName]: EventOf<N> }[EventName];

export const eventNames = Object.keys(eventCatalog) as EventName[];

const nameByType = new Map<string, EventName>(eventNames.map((n) => [eventCatalog[n].type, n]));
export function eventNameOfType(type: string): EventName | undefined {
  return nameByType.get(type);
}
