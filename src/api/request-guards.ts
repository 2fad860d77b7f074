// Bad requests that never reach a route's handler, answered as problems like every other refusal: a URL
// Fastify cannot decode (invalid UTF-8 in a percent escape) or whose parameter is too long, and a number
// in the query or path that schema coercion let through as Infinity (ajv coerces "1e309" and passes it),
// or one past 2^53, which a store would choke on, and a NUL character, which PostgreSQL text cannot hold.
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

/** What is wrong with one value of the query, the path or a JSON body; undefined when nothing. */
function flaw(value: unknown): string | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) return 'must be a finite number';
  // Past 2^53 an integer is not what was sent, and no id or count here is that large.
  if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value))
    return 'is too large';
  if (typeof value === 'string' && value.includes('\u0000')) return 'must not contain a NUL character';
  return undefined;
}

/** The first flaw in a parsed body, with its JSON pointer; walks at most `budget` values. */
function bodyFlaw(body: unknown): { pointer: string; detail: string } | undefined {
  const stack: { value: unknown; pointer: string }[] = [{ value: body, pointer: '/body' }];
  for (let budget = 100_000; stack.length > 0 && budget > 0; budget -= 1) {
    const { value, pointer } = stack.pop() ?? { value: undefined, pointer: '' };
    const detail = flaw(value);
    if (detail !== undefined) return { pointer, detail };
    if (value !== null && typeof value === 'object')
      for (const [key, inner] of Object.entries(value))
        stack.push({ value: inner, pointer: `${pointer}/${key}` });
  }
  return undefined;
}

/**
 * A preHandler: a query or path number that is not finite or not exact, and a NUL character anywhere
 * (PostgreSQL text cannot hold one), are refused before the handler runs.
 */
export async function refuseUnstorableValues(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const found: { pointer: string; detail: string }[] = [];
  for (const [where, values] of [
    ['querystring', request.query],
    ['params', request.params],
  ] as const) {
    if (values === null || typeof values !== 'object') continue;
    for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
      const detail = flaw(value);
      if (detail !== undefined) found.push({ pointer: `/${where}/${name}`, detail });
    }
  }
  const inBody = typeof request.body === 'object' ? bodyFlaw(request.body) : undefined;
  if (inBody) found.push(inBody);
  if (found.length === 0) return;
  await sendProblem(
    reply,
    problem(
      400,
      'invalid-request',
      'Invalid request',
      `${found.map((f) => `${f.pointer} ${f.detail}`).join('; ')}.`,
      { errors: found },
    ),
  );
}
