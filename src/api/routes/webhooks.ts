// POST /v1/webhooks/{system}: a source system's signed webhook; the connector verifies and parses it.
import type { FastifyInstance } from 'fastify';
import type { SourceConnector } from '../../connectors/kit/connector.ts';
import type { Intake } from '../../pipeline/intake.ts';
import type { PipelineBus } from '../../pipeline/bus.ts';
import { problem, sendProblem } from '../problem.ts';

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
    scope.post<{ Params: { system: string } }>('/v1/webhooks/:system', async (request, reply) => {
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
      const outcomes = await intake.submit(outcome.events.map((event) => ({ event, receivedAt })));
      const accepted = outcomes.filter((o) => o.status === 'accepted').length;
      return reply.code(accepted > 0 ? 202 : 200).send({ accepted, duplicates: outcomes.length - accepted });
    });
    done();
  });
}
