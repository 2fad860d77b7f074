// The gate every ERP API request passes: possibly struck by a whole-request fault
// (answered before anything is applied), then delayed by the configured latency.
import type { FastifyReply } from 'fastify';
import { sendError } from './http-edge.ts';
import type { ServerContext } from './server-context.ts';

const serverErrorCodes: Readonly<Record<number, string>> = {
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

/** Returns false when a fault already answered the request. */
export function admit(context: ServerContext, reply: FastifyReply): boolean {
  const fault = context.faults.beforeRequest();
  if (fault?.kind === 'rateLimited') {
    context.state.countFault('rateLimited');
    void sendError(
      reply.header('retry-after', String(fault.retryAfterSeconds)),
      429,
      'rate_limited',
      `too many requests; retry after ${fault.retryAfterSeconds} s`,
    );
    return false;
  }
  if (fault?.kind === 'serverError') {
    context.state.countFault('serverErrors');
    void sendError(
      reply,
      fault.status,
      serverErrorCodes[fault.status] ?? 'server_error',
      'injected server error; nothing was applied',
    );
    return false;
  }
  return true;
}

/** Holds the request for the configured latency; resolves at once when there is none. */
export async function delay(context: ServerContext): Promise<void> {
  const ms = context.faults.latencyMs;
  if (ms <= 0) return;
  context.state.countFault('delayed');
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Processes a write while its idempotency keys are reserved, so that a second request with a key
 * that is still being processed (a client retry after its timeout) is answered 409 instead of racing.
 */
export async function withReservedKeys<T>(
  context: ServerContext,
  keys: Iterable<string>,
  apply: (inFlightElsewhere: ReadonlySet<string>) => T,
): Promise<T> {
  // Without latency the write is applied synchronously: nothing can interleave, nothing to reserve.
  if (context.faults.latencyMs <= 0) return apply(context.keysInFlight);
  const conflicting = new Set<string>();
  const reserved = new Set<string>();
  for (const key of keys) {
    if (context.keysInFlight.has(key) && !reserved.has(key)) conflicting.add(key);
    else reserved.add(key);
  }
  for (const key of reserved) context.keysInFlight.add(key);
  try {
    await delay(context);
    return apply(conflicting);
  } finally {
    for (const key of reserved) context.keysInFlight.delete(key);
  }
}
