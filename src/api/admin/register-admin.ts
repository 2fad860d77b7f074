// The admin API behind the console (/v1/admin/...), in its own Fastify context so that its validation
// errors say which parameter was wrong (RFC 9457) instead of the intake's "send well-formed JSON".
import type { FastifyInstance } from 'fastify';
import { Ajv } from 'ajv';
import type { Pipeline } from '../../pipeline/pipeline.ts';
import type { Store } from '../../store/port.ts';
import { problem, sendProblem } from '../problem.ts';
import { registerAdminOverview } from '../routes/admin-overview.ts';
import { registerAdminFlows } from '../routes/admin-flows.ts';
import { registerAdminDeadLetters } from '../routes/admin-dead-letters.ts';
import { registerAdminParked } from '../routes/admin-parked.ts';
import { registerAdminLineage } from '../routes/admin-lineage.ts';
import { registerAdminReconciliation } from '../routes/admin-reconciliation.ts';
import { registerAdminReconciliationRuns } from '../routes/admin-reconciliation-runs.ts';
import { registerAdminBusiness } from '../routes/admin-business.ts';
import { registerAdminAudit } from '../routes/admin-audit.ts';
import { registerAdminExplain } from '../routes/admin-explain.ts';
import { registerAdminSignOff, type PeriodReconciler } from '../routes/admin-sign-off.ts';
import type { People } from '../../security/people.ts';
import { SignOffRequests, registerSignOffRequests } from '../routes/admin-sign-off-requests.ts';

export function registerAdminApi(
  app: FastifyInstance,
  store: Store,
  pipeline: Pipeline,
  people: People,
  /** Reads a period from the configured systems, for sign-offs over HTTP; absent, they answer 503. */
  reconcilePeriod?: PeriodReconciler,
): void {
  const reconciliation = lastReconciliation(pipeline);
  void app.register((admin, _options, done) => {
    // Unknown query parameters and body fields are refused rather than dropped, so a misspelt filter
    // (`entitiy=`) is an error the operator sees, not a list that silently ignores it.
    const ajv = new Ajv({
      coerceTypes: 'array',
      useDefaults: true,
      removeAdditional: false,
      allErrors: false,
    });
    admin.setValidatorCompiler(({ schema }) => ajv.compile(schema));
    admin.setErrorHandler(
      (error: { statusCode?: number; validation?: unknown; message: string }, request, reply) => {
        if (error.validation !== undefined)
          return sendProblem(
            reply,
            problem(400, 'invalid-request', 'Invalid request', `${error.message}.`, {
              errors: error.validation,
            }),
          );
        if ((error.statusCode ?? 500) < 500)
          return sendProblem(
            reply,
            problem(error.statusCode ?? 400, 'malformed-request', 'Malformed request', error.message),
          );
        request.log.error({ err: error }, 'admin request failed');
        return sendProblem(
          reply,
          problem(
            500,
            'internal-error',
            'Internal error',
            'The admin request failed inside Ledgerline; the log has the details.',
          ),
        );
      },
    );
    registerAdminOverview(admin, store);
    registerAdminFlows(admin, store);
    registerAdminDeadLetters(admin, store, () => pipeline.wake());
    registerAdminParked(admin, store);
    registerAdminLineage(admin, store);
    registerAdminReconciliation(admin, store, reconciliation);
    registerAdminReconciliationRuns(admin, store);
    const signOffRequests = new SignOffRequests((error) =>
      admin.log.error({ err: error }, 'sign-off failed'),
    );
    registerAdminSignOff(admin, store, people, reconcilePeriod, signOffRequests);
    registerSignOffRequests(admin, signOffRequests);
    registerAdminBusiness(admin, store);
    registerAdminAudit(admin, store);
    registerAdminExplain(admin, store);
    done();
  });
}

export interface ReconciliationRun {
  readonly at: string;
  readonly ok: boolean;
  readonly customers: number;
  readonly drifted: number;
  readonly missing: number;
}

/** The customer-master reconciler reports on the bus only; the last report is kept for the console. */
function lastReconciliation(pipeline: Pipeline): () => ReconciliationRun | null {
  let last: ReconciliationRun | null = null;
  pipeline.bus.on('reconciliation.completed', (r) => {
    last = {
      at: new Date().toISOString(),
      ok: r.ok,
      customers: r.customers,
      drifted: r.drifted,
      missing: r.missing,
    };
  });
  return () => last;
}
