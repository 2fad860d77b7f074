// The admin door tests and demos use to drive the simulated CRM: seed, move deals, faults, report,
// reset. Behind the same API key as the vendor API; not struck by faults.
import type { FastifyInstance } from 'fastify';
import type { SandboxCore } from './sandbox-core.ts';

interface IdParams {
  Params: { id: string };
}

export function registerAdminRoutes(app: FastifyInstance, core: SandboxCore): void {
  app.post('/admin/seed', (request, reply) => reply.code(201).send(core.seed(request.body)));

  app.post<IdParams>('/admin/deals/:id/stage', (request) => core.moveDeal(request.params.id, request.body));

  app.get('/admin/faults', () => ({ faults: core.faults.current() }));
  app.post('/admin/faults', (request) => ({ faults: core.setFaults(request.body) }));

  app.get('/admin/report', () => core.report());

  app.post('/admin/reset', () => {
    core.reset();
    return { reset: true };
  });
}
