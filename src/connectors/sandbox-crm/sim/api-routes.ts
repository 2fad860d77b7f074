// The vendor API a connector talks to: the deal event feed, webhook subscriptions and record look-ups.
// Every request here first passes the fault gate (`api-admission.ts`).
import type { FastifyInstance } from 'fastify';
import { apiBasePath, dealEventsRoute } from '../vendor/deal-events.ts';
import { admitApiRequest } from './api-admission.ts';
import { SandboxCrmError } from './errors.ts';
import { parseFeedQuery } from './params.ts';
import type { SandboxCore } from './sandbox-core.ts';

interface IdParams {
  Params: { id: string };
}

export function registerApiRoutes(app: FastifyInstance, core: SandboxCore): void {
  app.register(
    (api, _options, done) => {
      api.addHook('onRequest', (_request, reply) => admitApiRequest(core.faults, reply));

      api.get(dealEventsRoute, (request) => {
        const { after, limit } = parseFeedQuery(request.query);
        return core.dealEventsAfter(after, limit);
      });

      api.get<IdParams>('/deals/:id', (request) => {
        const deal = core.store.deals.get(request.params.id);
        if (!deal) throw new SandboxCrmError('not_found', `no deal ${request.params.id}`);
        return deal;
      });

      api.get<IdParams>('/accounts/:id', (request) => {
        const account = core.store.accounts.get(request.params.id);
        if (!account) throw new SandboxCrmError('not_found', `no account ${request.params.id}`);
        return account;
      });

      api.post('/webhooks', (request, reply) => {
        const body = request.body as { url?: unknown } | null | undefined;
        const subscription = core.subscribe(typeof body === 'object' && body !== null ? body.url : undefined);
        return reply.code(201).send({ ...subscription, secret: core.webhookSecret });
      });

      api.get('/webhooks', () => ({ data: core.store.subscriptions }));

      api.delete<IdParams>('/webhooks/:id', (request, reply) => {
        if (!core.store.removeSubscription(request.params.id))
          throw new SandboxCrmError('not_found', `no webhook subscription ${request.params.id}`);
        return reply.code(204).send();
      });

      done();
    },
    { prefix: apiBasePath },
  );
}
