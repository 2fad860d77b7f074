// A request's W3C trace context (`traceparent`, `tracestate` headers), for the events it carries in.
import type { FastifyRequest } from 'fastify';
import type { TraceFields } from '../ops/tracing/event-context.ts';

const traceparentPattern = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The request's trace context, or undefined when it sent none (or a malformed one, which is ignored). */
export function traceHeaderOf(request: FastifyRequest): TraceFields | undefined {
  const traceparent = request.headers['traceparent'];
  if (typeof traceparent !== 'string' || !traceparentPattern.test(traceparent)) return undefined;
  const tracestate = request.headers['tracestate'];
  return typeof tracestate === 'string' && tracestate !== '' && tracestate.length <= 512
    ? { traceparent, tracestate }
    : { traceparent };
}
