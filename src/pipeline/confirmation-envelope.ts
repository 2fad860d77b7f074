// The envelope of a confirmation Ledgerline emits. Its id derives from the confirmed event, so confirming
// twice (a replay) records one event.
import type { CanonicalEvent } from '../contracts/index.ts';

export const ledgerlineSource = 'ledgerline';

export function envelope<T extends CanonicalEvent['type']>(
  cause: CanonicalEvent,
  type: T,
  suffix: string,
  subject: string,
  now: number,
) {
  return {
    specversion: '1.0' as const,
    id: `${cause.source}/${cause.id}/${suffix}`,
    source: ledgerlineSource,
    type,
    subject,
    time: new Date(now).toISOString(),
    datacontenttype: 'application/json' as const,
    correlationid: cause.correlationid ?? cause.subject,
    causationid: cause.id,
    // The confirmation continues its cause's trace (with tracing on, the delivery's span replaces this).
    ...(cause.traceparent === undefined ? {} : { traceparent: cause.traceparent }),
    ...(cause.tracestate === undefined ? {} : { tracestate: cause.tracestate }),
  };
}
