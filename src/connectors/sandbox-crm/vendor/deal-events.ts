// The change feed and webhook payloads: one deal event per stage change, carrying a snapshot of the deal
// as it was after the change. Event ids are fixed-width and ascending, so they double as keyset cursors.
import { Type, type Static } from '@sinclair/typebox';
import { DealId, DealStage, Instant, type VendorDeal } from './records.ts';

export const apiBasePath = '/crm/v2';
export const dealEventsRoute = '/deal-events';
export const dealEventsPath = `${apiBasePath}${dealEventsRoute}`;
export const maxDealEventsPageSize = 1000;
export const defaultDealEventsPageSize = 100;

export const EventId = Type.String({ pattern: '^DE-[0-9]{9}$' });
export const eventIdPattern = /^DE-[0-9]{9}$/;

export function eventIdOf(seq: number): string {
  return `DE-${String(seq).padStart(9, '0')}`;
}

/** The position of an event id in the feed (1-based). */
export function seqOfEventId(id: string): number {
  return Number(id.slice(3));
}

export const stageChangedType = 'deal.stage_changed';

/** An event as read off the wire, before its `deal` is checked. */
export const DealEventEnvelope = Type.Object({
  event_id: EventId,
  type: Type.String({ minLength: 1, maxLength: 100 }),
  occurred_at: Instant,
  deal_id: DealId,
  from_stage: Type.Union([DealStage, Type.Null()]),
  to_stage: DealStage,
  deal: Type.Unknown(),
});

export interface VendorDealEvent {
  readonly event_id: string;
  readonly type: typeof stageChangedType;
  readonly occurred_at: string;
  readonly deal_id: string;
  readonly from_stage: DealStage | null;
  readonly to_stage: DealStage;
  readonly deal: VendorDeal;
}

export const DealEventPage = Type.Object({
  data: Type.Array(Type.Unknown()),
  has_more: Type.Boolean(),
  next_cursor: Type.Union([EventId, Type.Null()]),
});
export type DealEventPage = Static<typeof DealEventPage>;

/** Standard Webhooks payload shape: the event type, when it was sent, and the event itself. */
export const WebhookPayload = Type.Object({
  type: Type.String({ minLength: 1, maxLength: 100 }),
  timestamp: Instant,
  data: Type.Unknown(),
});
