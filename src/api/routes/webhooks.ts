// POST /v1/webhooks/{system}: a source system's signed webhook; the connector verifies and parses it.
// An exact replay of a Standard Webhooks delivery taken before (same webhook-id and webhook-timestamp)
// is refused with 409; a delivery is remembered only once its events are stored, so one that failed here
// can be sent again (ADR 23).
import type { FastifyInstance } from 'fastify';
import type { SourceConnector } from '../../connectors/kit/connector.ts';
import type { Intake } from '../../pipeline/intake.ts';
import type { PipelineBus } from '../../pipeline/bus.ts';
import type { Store } from '../../store/port.ts';
import { TIMESTAMP_TOLERANCE_SECONDS } from '../../connectors/kit/verify-webhook.ts';
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
  /** Deliveries taken, shared by every API node; without it replays are not refused. */
  deliveries?: Pick<Store, 'webhookDeliverySeen' | 'rememberWebhookDelivery'>,
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
        const system = request.params.system;
        const refuse = (refusal: { status: number; reasonCode: string; message: string }) => {
          bus?.emit('webhook.refused', { system, ...refusal });
          return sendProblem(
            reply,
            problem(
              refusal.status,
              refusal.reasonCode.replaceAll('.', '-').replaceAll('_', '-'),
              'Webhook refused',
              refusal.message,
              { reasonCode: refusal.reasonCode },
            ),
          );
        };
        if (!outcome.ok) return refuse(outcome);
        const receivedAt = Date.now();
        const delivery = outcome.delivery ? { system, ...outcome.delivery } : undefined;
        if (delivery && deliveries && (await deliveries.webhookDeliverySeen(delivery, receivedAt)))
          return refuse({
            status: 409,
            reasonCode: 'webhook.replayed',
            message: `webhook-id ${delivery.id} with webhook-timestamp ${delivery.timestamp} was already received; a retry is signed again with a new timestamp`,
          });
        const parent = traceHeaderOf(request);
        const outcomes = await intake.submit(outcome.events.map((event) => ({ event, receivedAt, parent })));
        if (delivery && deliveries)
          await deliveries.rememberWebhookDelivery(
            delivery,
            receivedAt,
            // Past this its timestamp is stale and the signature check refuses it; a minute for clock skew.
            (delivery.timestamp + TIMESTAMP_TOLERANCE_SECONDS + 60) * 1000,
          );
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
    409: problemAnswer('This very delivery (webhook-id and webhook-timestamp) was already received'),
    422: problemAnswer('An event in it breaks its contract'),
    ...commonProblems,
  },
};
