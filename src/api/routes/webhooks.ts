// POST /v1/webhooks/{system}: a source system's signed webhook; the connector verifies and parses it.
import type { FastifyInstance } from 'fastify';
import type { SourceConnector } from '../../connectors/kit/connector.ts';
import type { Intake } from '../../pipeline/intake.ts';
import type { PipelineBus } from '../../pipeline/bus.ts';
import { problem, sendProblem } from '../problem.ts';
import { traceHeaderOf } from '../trace-header.ts';
import { Type } from '@sinclair/typebox';
import { commonProblems, jsonAnswer, problemAnswer } from '../openapi/schemas.ts';

export function registerWebhooks(
  app: FastifyInstance,
  sources: ReadonlyMap<string, SourceConnector>,
  intake: Intake,
  /** Told of every refused webhook (a bad signature is an authentication alert). */
  bus?: PipelineBus,
): void {
  app.register((scope, _opts, done) => {
    // Signatures cover the exact bytes, so this scope keeps the body as a string.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, next) => next(null, body));
    scope.post<{ Params: { system: string } }>(
      '/v1/webhooks/:system',
      { schema: webhookSchema },
      async (request, reply) => {
        const connector = sources.get(request.params.system);
        if (!connector)
          return sendProblem(
            reply,
            problem(
              404,
              'unknown-system',
              'Unknown system',
              `No source system "${request.params.system}" is configured.`,
            ),
          );
        const headers: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(request.headers))
          headers[name] = Array.isArray(value) ? value.join(',') : value;
        const outcome = connector.receiveWebhook({
          headers,
          rawBody: typeof request.body === 'string' ? request.body : '',
        });
        if (!outcome.ok) {
          bus?.emit('webhook.refused', {
            system: request.params.system,
            status: outcome.status,
            reasonCode: outcome.reasonCode,
            message: outcome.message,
          });
          return sendProblem(
            reply,
            problem(
              outcome.status,
              outcome.reasonCode.replaceAll('.', '-').replaceAll('_', '-'),
              'Webhook refused',
              outcome.message,
              { reasonCode: outcome.reasonCode },
            ),
          );
        }
        const receivedAt = Date.now();
        const parent = traceHeaderOf(request);
        const outcomes = await intake.submit(outcome.events.map((event) => ({ event, receivedAt, parent })));
        const accepted = outcomes.filter((o) => o.status === 'accepted').length;
        return reply
          .code(accepted > 0 ? 202 : 200)
          .send({ accepted, duplicates: outcomes.length - accepted });
      },
    );
    done();
  });
}

const Counts = Type.Object({ accepted: Type.Integer(), duplicates: Type.Integer() });
const webhookSchema = {
  summary: "A source system's signed webhook; its connector verifies the signature and parses the body",
  tags: ['intake'],
  params: Type.Object({ system: Type.String({ description: 'a configured source system id' }) }),
  response: {
    200: jsonAnswer('Every event in it was a duplicate', Counts),
    202: jsonAnswer('Accepted for processing', Counts),
    400: problemAnswer('The body is not JSON or not what the connector expects'),
    401: problemAnswer('The signature is missing, stale or wrong'),
    404: problemAnswer('No such source system is configured'),
    422: problemAnswer('An event in it breaks its contract'),
    ...commonProblems,
  },
};
