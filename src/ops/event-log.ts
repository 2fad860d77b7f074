// The fields a log line about an event carries, so it can be found with the rest of its flow: the
// event's identity, its correlation and causation ids, and its trace id (from its traceparent).
import type { CanonicalEvent } from '../contracts/index.ts';

export interface EventLogFields {
  readonly eventId: string;
  readonly eventType: string;
  readonly source: string;
  readonly subject: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly traceId?: string;
}

export function eventLogFields(event: CanonicalEvent): EventLogFields {
  const traceId = event.traceparent?.slice(3, 35);
  return {
    eventId: event.id,
    eventType: event.type,
    source: event.source,
    subject: event.subject,
    ...(event.correlationid === undefined ? {} : { correlationId: event.correlationid }),
    ...(event.causationid === undefined ? {} : { causationId: event.causationid }),
    ...(traceId === undefined ? {} : { traceId }),
  };
}
