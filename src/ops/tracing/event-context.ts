// W3C trace context <-> an event envelope's `traceparent` / `tracestate` (the CloudEvents Distributed
// Tracing extension). The envelope carries a flow's trace across the queue, threads and processes.
import {
  ROOT_CONTEXT,
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

const propagator = new W3CTraceContextPropagator();

export interface TraceFields {
  readonly traceparent: string;
  readonly tracestate?: string;
}

/** The context a traceparent (and tracestate) names; the root context when there is none or it is bad. */
export function contextOf(traceparent: string | null | undefined, tracestate?: string | null): Context {
  if (traceparent === undefined || traceparent === null) return ROOT_CONTEXT;
  const carrier: Record<string, string> = { traceparent };
  if (tracestate !== undefined && tracestate !== null) carrier['tracestate'] = tracestate;
  return propagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
}

/** The envelope fields that make `span` the parent of what follows the event. */
export function traceFieldsOf(span: Span): TraceFields {
  const carrier: Record<string, string> = {};
  propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, defaultTextMapSetter);
  const { traceparent = '', tracestate } = carrier;
  return tracestate === undefined || tracestate === '' ? { traceparent } : { traceparent, tracestate };
}
