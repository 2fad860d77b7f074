// The vendor API a connector talks to: the activity feed, webhook subscriptions and record look-ups.
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { activitiesPath, maxActivitiesPageSize } from '../vendor/schemas.ts';
import { SandboxPsaError, errorBody } from './errors.ts';
import { entryIdParam, integerParam } from './params.ts';
import type { SandboxCore } from './sandbox-core.ts';

interface IdParams {
  Params: { id: string };
}

export function registerApiRoutes(app: FastifyInstance, core: SandboxCore): void {
  app.addHook('onRequest', async (request) => {
    const latencyMs = core.faults.settings.latencyMs;
    if (latencyMs > 0 && request.url.startsWith('/api/')) await sleep(latencyMs);
  });

  app.get(activitiesPath, (request, reply) => {
    if (core.faults.takePullFailure())
      return reply
        .code(503)
        .header('retry-after', '1')
        .send(errorBody('unavailable', 'the activity feed is temporarily unavailable'));
    const query = request.query as Record<string, unknown>;
    const after = integerParam('after', query['after'], 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = integerParam('limit', query['limit'], 100, 1, maxActivitiesPageSize);
    return core.activitiesAfter(after, limit);
  });

  app.post('/api/v2/webhook_subscriptions', (request, reply) => {
    const body = request.body as { url?: unknown } | null | undefined;
    const subscription = core.subscribe(typeof body === 'object' && body !== null ? body.url : undefined);
    return reply.code(201).send(subscription);
  });

  app.get('/api/v2/webhook_subscriptions', () => ({ webhook_subscriptions: core.store.subscriptions }));

  app.delete<IdParams>('/api/v2/webhook_subscriptions/:id', (request, reply) => {
    if (!core.store.removeSubscription(request.params.id))
      throw new SandboxPsaError('not_found', `no webhook subscription ${request.params.id}`);
    return reply.code(204).send();
  });

  app.get<IdParams>('/api/v2/users/:id', (request) => {
    return core.store.users.get(request.params.id) ?? notFound('user', request.params.id);
  });

  app.get<IdParams>('/api/v2/projects/:id', (request) => {
    return core.store.projects.get(request.params.id) ?? notFound('project', request.params.id);
  });

  app.get<IdParams>('/api/v2/clients/:id', (request) => {
    return core.store.clients.get(request.params.id) ?? notFound('client', request.params.id);
  });

  app.get<IdParams>('/api/v2/expenses/:id', (request) => {
    return core.store.expenses.get(request.params.id) ?? notFound('expense', request.params.id);
  });

  app.get<IdParams>('/api/v2/milestones/:id', (request) => {
    return core.store.milestones.get(request.params.id) ?? notFound('milestone', request.params.id);
  });

  // What the ERP billed and was paid on a project, as its delivery manager sees it.
  app.get<IdParams>('/api/v2/projects/:id/invoices', (request) => {
    const id = request.params.id;
    if (!core.store.projects.has(id)) notFound('project', id);
    return { invoices: [...core.store.invoices.values()].filter((i) => i.project_id === id) };
  });

  app.get<IdParams>('/api/v2/projects/:id/payments', (request) => {
    const id = request.params.id;
    if (!core.store.projects.has(id)) notFound('project', id);
    return { payments: [...core.store.payments.values()].filter((p) => p.project_id === id) };
  });

  app.get<IdParams>('/api/v2/time_entries/:id', (request) => {
    return (
      core.store.entries.get(entryIdParam(request.params.id)) ?? notFound('time entry', request.params.id)
    );
  });
}

function notFound(what: string, id: string): never {
  throw new SandboxPsaError('not_found', `no ${what} ${id}`);
}
