// Sign-off requests made with `Prefer: respond-async` (admin-sign-off.ts): each runs in the background and
// is polled at GET /v1/admin/reconciliation/sign-off-requests/{id} until it is signed or refused. They are
// kept in this process's memory only (the last 200, finished ones for an hour): the sign-off itself is in
// the store's chain as soon as it is made, so a request lost to a restart loses no sign-off, only the
// answer to poll for (GET /v1/admin/reconciliation/sign-offs lists what was signed).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { problem, sendProblem, type Problem } from '../problem.ts';
import { anyJson, tags } from '../admin/schema-parts.ts';
import { problems } from '../openapi/schemas.ts';
import type { SignOffAnswer, SignOffBody } from './admin-sign-off.ts';

export interface SignOffRequest {
  readonly id: string;
  readonly period: string;
  readonly entity: string | null;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly state: 'running' | 'signed' | 'refused' | 'failed';
  readonly finishedAt?: string;
  /** When signed: where the sign-off is, and the sign-off as its own route shows it. */
  readonly location?: string;
  readonly signOff?: unknown;
  /** When refused or failed: the problem a synchronous request would have answered. */
  readonly problem?: Problem;
}

const kept = 200;
const keptFinishedMs = 60 * 60 * 1000;
const base = '/v1/admin/reconciliation/sign-off-requests';

export class SignOffRequests {
  readonly #requests = new Map<string, SignOffRequest>();
  readonly #onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  locationOf(id: string): string {
    return `${base}/${id}`;
  }

  get(id: string): SignOffRequest | undefined {
    return this.#requests.get(id);
  }

  /** Starts `answer` in the background and answers the request as it stands now (running). */
  start(body: SignOffBody, actor: string, answer: () => Promise<SignOffAnswer>): SignOffRequest {
    this.#prune(Date.now());
    const pending: SignOffRequest = {
      id: randomUUID(),
      period: body.period,
      entity: body.entity ?? null,
      requestedBy: actor,
      requestedAt: new Date().toISOString(),
      state: 'running',
    };
    this.#requests.set(pending.id, pending);
    const finish = (end: Partial<SignOffRequest>) =>
      this.#requests.set(pending.id, { ...pending, ...end, finishedAt: new Date().toISOString() });
    answer().then(
      (a) =>
        finish(
          a.kind === 'signed'
            ? { state: 'signed', location: a.location, signOff: a.body }
            : { state: 'refused', problem: a.problem },
        ),
      (error: unknown) => {
        this.#onError(error);
        finish({
          state: 'failed',
          problem: problem(
            500,
            'internal',
            'Sign-off failed',
            'The sign-off stopped on an unexpected error (logged); nothing is known to be signed: see GET /v1/admin/reconciliation/sign-offs, then ask again.',
          ),
        });
      },
    );
    return pending;
  }

  /** Finished requests older than an hour go, and the oldest beyond the last 200 (running ones stay). */
  #prune(now: number): void {
    for (const [id, r] of this.#requests)
      if (r.finishedAt !== undefined && now - Date.parse(r.finishedAt) > keptFinishedMs)
        this.#requests.delete(id);
    for (const [id, r] of this.#requests) {
      if (this.#requests.size < kept) break;
      if (r.state !== 'running') this.#requests.delete(id);
    }
  }
}

export const signOffRequestSchema = {
  type: 'object',
  required: ['id', 'period', 'entity', 'requestedBy', 'requestedAt', 'state'],
  properties: {
    id: { type: 'string' },
    period: { type: 'string' },
    entity: { type: ['string', 'null'] },
    requestedBy: { type: 'string', description: 'The principal the sign-off is made as' },
    requestedAt: { type: 'string', format: 'date-time' },
    state: { type: 'string', enum: ['running', 'signed', 'refused', 'failed'] },
    finishedAt: { type: 'string', format: 'date-time' },
    location: { type: 'string', description: 'When signed: the sign-off' },
    signOff: anyJson,
    problem: anyJson,
  },
} as const;

export function registerSignOffRequests(app: FastifyInstance, requests: SignOffRequests): void {
  app.get<{ Params: { id: string } }>(
    `${base}/:id`,
    {
      schema: {
        summary: 'A sign-off asked for with Prefer: respond-async: running, signed or refused',
        tags,
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
        },
        response: { 200: signOffRequestSchema, ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const found = requests.get(request.params.id);
      if (found === undefined)
        return sendProblem(
          reply,
          problem(
            404,
            'not-found',
            'No such sign-off request',
            'This process holds no sign-off request with that id: it expired (an hour after it finished) or the service restarted. Sign-offs made are listed at GET /v1/admin/reconciliation/sign-offs.',
          ),
        );
      if (found.state === 'running') reply.header('retry-after', '1');
      return reply.send(found);
    },
  );
}
