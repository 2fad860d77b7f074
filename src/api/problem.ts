// RFC 9457 problem details: every rejection says what went wrong, where, and what to do.
import type { FastifyReply } from 'fastify';

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly [extension: string]: unknown;
}

export const problemBase = 'https://ledgerline.dev/problems/';

export function problem(
  status: number,
  slug: string,
  title: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): Problem {
  return { type: `${problemBase}${slug}`, title, status, detail, ...extensions };
}

/** A query the route cannot take; `detail` says which parameter and what it takes. */
export function invalidQuery(detail: string): Problem {
  return problem(400, 'invalid-query', 'Invalid query', detail);
}

/** An id in the path that is not a whole number; `what` names the record, e.g. "dead-letter". */
export function invalidId(what: string): Problem {
  return problem(400, 'invalid-id', 'Invalid id', `A ${what} id is a whole number.`);
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type('application/problem+json').send(p);
}
