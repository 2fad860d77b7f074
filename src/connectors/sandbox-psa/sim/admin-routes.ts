// The admin door tests and demos use to drive the simulated firm. Unauthenticated by design: the sandbox
// binds to 127.0.0.1 unless told otherwise.
import type { FastifyInstance } from 'fastify';
import { entryIdParam } from './params.ts';
import type { SandboxCore } from './sandbox-core.ts';

interface IdParams {
  Params: { id: string };
}

export function registerAdminRoutes(app: FastifyInstance, core: SandboxCore): void {
  app.post('/admin/seed', (request) => core.seed(request.body));

  app.get('/admin/faults', () => core.faults.settings);
  app.post('/admin/faults', (request) => core.setFaults(request.body));

  app.get('/admin/report', () => core.report());

  app.post<IdParams>('/admin/projects/:id/complete-setup', (request) =>
    core.completeProjectSetup(request.params.id, request.body),
  );

  app.post<IdParams>('/admin/time_entries/:id/approve', (request) =>
    core.approveTime(entryIdParam(request.params.id), request.body),
  );

  app.post<IdParams>('/admin/expenses/:id/approve', (request) =>
    core.approveExpense(request.params.id, request.body),
  );
  app.post<IdParams>('/admin/expenses/:id/reject', (request) =>
    core.rejectExpense(request.params.id, request.body),
  );
  app.post<IdParams>('/admin/milestones/:id/complete', (request) =>
    core.completeMilestone(request.params.id, request.body),
  );
  app.put<IdParams>('/admin/projects/:id/task-plan', (request) =>
    core.changeTaskPlan(request.params.id, request.body),
  );
  app.put<IdParams>('/admin/rate-cards/:id', (request) =>
    core.changeRateCard(request.params.id, request.body),
  );
  app.post<IdParams>('/admin/projects/:id/close', (request) =>
    core.closeProject(request.params.id, request.body),
  );
}
