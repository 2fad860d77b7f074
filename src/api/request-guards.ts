// Bad requests that never reach a route's handler, answered as problems like every other refusal: a URL
// Fastify cannot decode (invalid UTF-8 in a percent escape) or whose parameter is too long, and a number
// in the query or path that schema coercion let through as Infinity (ajv coerces "1e309" and passes it),
// which a store would choke on.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, sendProblem } from './problem.ts';

/** Fastify's `frameworkErrors`: its routing refusals as problem documents. */
export function frameworkErrorProblem(
  error: { code?: string; message: string },
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH')
    void sendProblem(
      reply,
      problem(414, 'parameter-too-long', 'Parameter too long', 'A path parameter is too long for any id.'),
    );
  else
    void sendProblem(
      reply,
      problem(
        400,
        'bad-url',
        'Bad URL',
        'The URL cannot be decoded: a percent escape is not UTF-8. Encode the path as UTF-8.',
      ),
    );
}

/** A preHandler: a query or path number that is not finite is refused before the handler runs. */
export async function refuseNonFiniteNumbers(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  for (const [where, values] of [
    ['querystring', request.query],
    ['params', request.params],
  ] as const) {
    if (values === null || typeof values !== 'object') continue;
    for (const [name, value] of Object.entries(values as Record<string, unknown>))
      if (typeof value === 'number' && !Number.isFinite(value)) {
        await sendProblem(
          reply,
          problem(400, 'invalid-request', 'Invalid request', `/${where}/${name} must be a finite number.`, {
            errors: [{ pointer: `/${where}/${name}`, detail: 'must be a finite number' }],
          }),
        );
        return;
      }
  }
}
