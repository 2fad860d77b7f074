// The gate every CRM API request passes: possibly struck by a fault (answered at once, before anything
// is read), then held for the configured latency.
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply } from 'fastify';
import { errorBody } from './errors.ts';
import type { FaultInjector } from './faults.ts';

const serverErrorCodes: Readonly<Record<number, string>> = {
  500: 'internal',
  502: 'bad_gateway',
  503: 'unavailable',
  504: 'gateway_timeout',
};

/** The reply when a fault answered the request, undefined when it may proceed. */
export async function admitApiRequest(
  faults: FaultInjector,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  const fault = faults.beforeApiRequest();
  if (fault?.kind === 'rate_limited')
    return reply
      .code(429)
      .header('retry-after', String(fault.retryAfterSeconds))
      .send(errorBody('rate_limited', `too many requests; retry after ${fault.retryAfterSeconds} s`));
  if (fault?.kind === 'server_error') {
    if (fault.retryAfterSeconds !== undefined) reply.header('retry-after', String(fault.retryAfterSeconds));
    return reply
      .code(fault.status)
      .send(errorBody(serverErrorCodes[fault.status] ?? 'server_error', 'injected server error'));
  }
  if (faults.latencyMs > 0) await sleep(faults.latencyMs);
  return undefined;
}
